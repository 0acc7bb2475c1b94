import {
  checkEntityRef,
  checkImageTag,
  checkLicenseText,
  checkMountPath,
  checkPlainYamlString,
  checkSecretKey,
  hasControlCharacters,
} from './names';

/** Values that turn into YAML structure, template code or Markdown when written unquoted. */
const HOSTILE = [
  '2.9.3\n            securityContext: {privileged: true}',
  'a: b',
  '{}',
  '[]',
  '"quoted"',
  "'quoted'",
  '{{ .Values.SynthoLicense }}',
  'a #comment',
  'a\u2028b',
  'a\u0000b',
  ' leading-space',
  'x'.repeat(300),
];

describe('checkImageTag', () => {
  it.each(['2.9.3', 'v1.4.0', 'latest', '_build', 'a'.repeat(128)])(
    'accepts the tag %s',
    tag => expect(checkImageTag(tag)).toBeUndefined(),
  );

  it('accepts a sha256 digest', () => {
    expect(checkImageTag(`sha256:${'0a'.repeat(32)}`)).toBeUndefined();
  });

  it.each([...HOSTILE, '', '.hidden', '-dash', 'a'.repeat(129), 'a/b', 'a:b'])(
    'refuses %j',
    tag => expect(checkImageTag(tag)).toEqual(expect.any(String)),
  );

  it.each([`sha256:${'0'.repeat(63)}`, `sha256:${'A'.repeat(64)}`, 'sha256:'])(
    'refuses the malformed digest %s',
    tag => expect(checkImageTag(tag)).toMatch(/64 lower-case hexadecimal/),
  );
});

describe('checkSecretKey', () => {
  it.each(['license_key', 'key', 'tls.crt', 'A-1'])('accepts %s', key =>
    expect(checkSecretKey(key)).toBeUndefined(),
  );

  it.each([...HOSTILE, '', '.', '..', '..data', 'a/b', 'a b'])(
    'refuses %j',
    key => expect(checkSecretKey(key)).toEqual(expect.any(String)),
  );
});

describe('checkEntityRef', () => {
  it.each([
    'group:default/data-science',
    'user:jane.doe',
    'data_science',
    'Group:Default-ns/x',
  ])('accepts %s', ref =>
    expect(
      checkEntityRef(ref.replace('Default-ns', 'default'), ['user', 'group']),
    ).toBeUndefined(),
  );

  it.each([
    ...HOSTILE,
    '',
    '@jane',
    '[x](https://evil.example)',
    'group:default/',
    'a/b/c',
  ])('refuses %j', ref =>
    expect(checkEntityRef(ref, ['user', 'group'])).toEqual(expect.any(String)),
  );

  it('refuses a kind the field does not take', () => {
    expect(checkEntityRef('component:default/x', ['user', 'group'])).toMatch(
      /must be a user or group/,
    );
  });
});

describe('checkMountPath', () => {
  it.each(['/mnt/data', '/etc/syntho/', '/a.b/c-d_e'])('accepts %s', path =>
    expect(checkMountPath(path)).toBeUndefined(),
  );

  it.each([
    'relative/path',
    '/mnt/../etc',
    '/..',
    '/mnt/a:b',
    '/mnt/a\nb',
    '/mnt/a\u2028b',
    `/${'a'.repeat(1024)}`,
  ])('refuses %j', path =>
    expect(checkMountPath(path)).toEqual(expect.any(String)),
  );
});

describe('checkLicenseText', () => {
  it('accepts base64 and JWT-like keys', () => {
    expect(checkLicenseText('eyJhbGciOi.J9-_abc+/=')).toBeUndefined();
  });

  it.each([...HOSTILE.filter(v => v.length < 300), '', 'x'.repeat(16385)])(
    'refuses %j',
    text => expect(checkLicenseText(text)).toEqual(expect.any(String)),
  );
});

describe('checkPlainYamlString', () => {
  it.each(['ray-cluster', 'smallGroup', 'azurefile', 'a1'])(
    'accepts %s',
    value => expect(checkPlainYamlString(value)).toBeUndefined(),
  );

  it.each(['true', 'yes', 'On', 'n', 'null', '123', '1e3', '0x1f', '12:30'])(
    'refuses %s, which YAML reads as no string',
    value => expect(checkPlainYamlString(value)).toEqual(expect.any(String)),
  );
});

describe('hasControlCharacters', () => {
  it('finds control characters and Unicode line breaks', () => {
    for (const text of [
      'a\nb',
      'a\rb',
      'a\u0000',
      'a\u2028',
      'a\u2029',
      '\u0085',
    ])
      expect(hasControlCharacters(text)).toBe(true);
    expect(hasControlCharacters('plain text: {} [] # "')).toBe(false);
  });

  it('finds invisible characters that make text read as something else', () => {
    for (const text of [
      'a\u202eb',
      'a\u200bb',
      'a\u2066b',
      '\ufeffa',
      'a\u200db',
    ])
      expect(hasControlCharacters(text, true)).toBe(true);
    expect(hasControlCharacters('Größe für Ärzte ✓', true)).toBe(false);
  });

  it('allows tabs and newlines in multi-line text, nothing else', () => {
    expect(hasControlCharacters('line one\n\tline two', true)).toBe(false);
    expect(hasControlCharacters('a\rb', true)).toBe(true);
    expect(hasControlCharacters('a\u2028b', true)).toBe(true);
  });
});
