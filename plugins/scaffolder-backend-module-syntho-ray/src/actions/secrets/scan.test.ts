import { scanForSecrets } from './scan';
import { SecretValue } from './configSecrets';

/** Fake credentials in the shapes vendors issue; none was ever valid. */
const CANARY = {
  ghp: `ghp_${'C4n4ry'.repeat(6)}`,
  githubPat: `github_pat_11CANARY0${'0'.repeat(13)}_${'c4n4ry'.repeat(9)}CANRY`,
  glpat: 'glpat-C4n4ryC4n4ryC4n4ry00',
  awsKeyId: 'AKIACANARY0123456789',
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7CANARY'.repeat(
    4,
  ),
};
const secrets: SecretValue[] = [
  { label: 'integrations.github[0].token', value: 'canary-integration-token' },
  {
    label:
      'kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken',
    value: 'eyJhbGciOiJSUzI1NiJ9-canary-sa-token',
  },
  // Its base64 holds `+` and `/`, which the URL-safe alphabet writes as `-` and `_`.
  { label: 'auth.session.secret', value: 'canary>>>???~~~secret' },
  {
    label: 'auth.providers.x.passphrase',
    value: 'correct horse canary staple',
  },
];

const scan = (content: string, path = 'values.yaml') =>
  scanForSecrets([{ path, content }], secrets);
/** The rule and line of each finding. */
const found = async (content: string, path?: string) =>
  (await scan(content, path)).map(f => `${f.rule}@${f.line}`);

describe('scanForSecrets', () => {
  it.each([
    [
      'a PEM private key',
      `tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    ${CANARY.pemBody}\n    -----END PRIVATE KEY-----\n`,
      '@secretlint/secretlint-rule-privatekey@3',
    ],
    [
      'a PEM private key with its newlines escaped',
      `key: "-----BEGIN RSA PRIVATE KEY-----\\n${CANARY.pemBody}\\n-----END RSA PRIVATE KEY-----"\n`,
      '@secretlint/secretlint-rule-privatekey@1',
    ],
    [
      'a classic GitHub token',
      `a: 1\ntoken: ${CANARY.ghp}\n`,
      '@secretlint/secretlint-rule-github@2',
    ],
    [
      'a fine-grained GitHub token',
      `env:\n  - {name: GH, value: "${CANARY.githubPat}"}\n`,
      '@secretlint/secretlint-rule-github@2',
    ],
    [
      'a GitLab token',
      `x: y\n\nurl: https://x/?t=${CANARY.glpat}\n`,
      '@secretlint/secretlint-rule-gitlab@3',
    ],
    [
      'an AWS access key id',
      `aws:\n  id: ${CANARY.awsKeyId}\n`,
      '@secretlint/secretlint-rule-aws@2',
    ],
  ])('finds %s with secretlint', async (_, content, expected) => {
    expect(await found(content)).toContain(expected);
  });

  it('finds the header of a PEM private key that is cut short', async () => {
    expect(
      await found(
        'a: 1\nkey: "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1r"\n',
      ),
    ).toEqual(['syntho/private-key@2']);
  });

  it.each([
    [
      'a PuTTY private key',
      `ppk: |\n  PuTTY-User-Key-File-3: ssh-ed25519\n  Encryption: none\n  Comment: canary\n  Public-Lines: 2\n  AAAAC3NzaC1lZDI1NTE5AAAAICANARYCANARYCANARY\n`,
      2,
    ],
    [
      'an OpenSSH private key body without its BEGIN line',
      `a: 1\nb: 2\nkey: |\n  b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n  QyNTUxOQAAACCANARYCANARYCANARY\n`,
      4,
    ],
    [
      'an OpenSSH private key body in a JSON string',
      `{"key": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"}`,
      1,
    ],
    [
      "a PEM private key base64-encoded in a Secret's data",
      `kind: Secret\ndata:\n  tls.key: ${Buffer.from(
        `-----BEGIN EC PRIVATE KEY-----\n${CANARY.pemBody}\n-----END EC PRIVATE KEY-----\n`,
      ).toString('base64')}\n`,
      3,
    ],
  ])('finds %s', async (_, content, line) => {
    expect(await found(content)).toEqual([`syntho/private-key@${line}`]);
  });

  it('lets a base64-encoded certificate through', async () => {
    const certificate = Buffer.from(
      `-----BEGIN CERTIFICATE-----\n${CANARY.pemBody}\n-----END CERTIFICATE-----\n`,
    ).toString('base64');

    expect(await found(`data:\n  ca.crt: ${certificate}\n`)).toEqual([]);
  });

  it.each([
    ['as it is', 'token: canary-integration-token\n'],
    [
      'quoted in JSON',
      '{"auths": {"x": {"password": "canary-integration-token"}}}',
    ],
    [
      'in a Kubernetes token position',
      'a: 1\nb: eyJhbGciOiJSUzI1NiJ9-canary-sa-token\n',
    ],
  ])('finds a configured secret %s', async (_, content) => {
    expect(await found(content)).toContainEqual(
      expect.stringMatching(/^syntho\/configured-value@/),
    );
  });

  it.each([
    ['upper-case', 'https://x/?s=canary%3E%3E%3E%3F%3F%3F~~~secret'],
    ['lower-case', 'https://x/?s=canary%3e%3e%3e%3f%3f%3f~~~secret'],
  ])(
    'finds a configured secret percent-encoded with %s hex digits',
    async (_, url) => {
      expect(await scan(`a: 1\nurl: ${url}\n`)).toContainEqual(
        expect.objectContaining({
          line: 2,
          what: 'the value of auth.session.secret, percent-encoded',
        }),
      );
    },
  );

  it.each([0, 1, 2, 3])(
    'finds a configured secret base64-encoded after %i other bytes, in either alphabet',
    async prefixLength => {
      const encoded = Buffer.from(
        `${'u:x'.slice(0, prefixLength)}canary>>>???~~~secret!`,
      ).toString('base64');
      const urlSafe = encoded.replace(/\+/g, '-').replace(/\//g, '_');
      expect(urlSafe).not.toBe(encoded);
      for (const content of [
        `data:\n  auth: ${encoded}\n`,
        `data:\n  auth: ${urlSafe}\n`,
      ]) {
        const findings = await scan(content);
        expect(findings).toContainEqual(
          expect.objectContaining({
            line: 2,
            rule: 'syntho/configured-value',
            what: 'the value of auth.session.secret, base64-encoded',
          }),
        );
      }
    },
  );

  /** The base64 of a configured secret inside a longer value, long enough to wrap. */
  const wrappedSecret = Buffer.from(
    `{"auths":{"syntho.azurecr.io":{"auth":"canary>>>???~~~secret","note":"${'x'.repeat(
      60,
    )}"}}}`,
  ).toString('base64');
  /** `text` broken every `width` characters, each line indented by `indent`. */
  const wrap = (text: string, width: number, indent: string) =>
    text.match(new RegExp(`.{1,${width}}`, 'g'))!.map(l => `${indent}${l}`);

  it.each([
    ['in a literal block scalar (|-)', 'data:\n  auth: |-\n', 76],
    ['in a literal block scalar (|)', 'data:\n  auth: |\n', 64],
    ['in a folded block scalar (>-)', 'data:\n  auth: >-\n', 76],
    ['split over the lines of a plain scalar', 'data:\n  auth:\n', 16],
  ])(
    'finds a configured secret base64-encoded and wrapped %s',
    async (_, header, width) => {
      const content = `${header}${wrap(wrappedSecret, width, '    ').join(
        '\n',
      )}\nother: 1\n`;

      const findings = await scan(content);

      expect(findings).toContainEqual(
        expect.objectContaining({
          rule: 'syntho/configured-value',
          what: 'the value of auth.session.secret, base64-encoded',
        }),
      );
      expect(JSON.stringify(findings)).not.toContain('canary');
    },
  );

  it('finds a configured secret hex-encoded, in either case, and wrapped over lines', async () => {
    const hex = Buffer.from('prefix:correct horse canary staple').toString(
      'hex',
    );
    for (const [content, line] of [
      [`a: 1\nkey: ${hex}\n`, 2],
      [`a: 1\nkey: ${hex.toUpperCase()}\n`, 2],
      [`a: 1\nkey: |\n${wrap(hex, 32, '  ').join('\n')}\n`, 3],
    ] as const)
      expect(await scan(content)).toContainEqual(
        expect.objectContaining({
          line,
          what: 'the value of auth.providers.x.passphrase, hex-encoded',
          masked: '******** (54 characters)',
        }),
      );
  });

  it.each([
    ['a newline', 'canary\nnext: line'],
    ['YAML structure', 'canary: {x: [1]} # not a comment'],
    ['quotes and template braces', '"canary\' {{ template }}'],
    ['U+2028', 'canary\u2028after'],
    ['4,000 characters', `canary-${'y'.repeat(4000)}`],
  ])(
    'finds a configured secret with %s base64- and hex-encoded, wrapped over lines',
    async (_, value) => {
      const hostile: SecretValue[] = [{ label: 'x.token', value }];
      for (const encoded of [
        Buffer.from(`u:${value}`).toString('base64'),
        Buffer.from(value).toString('hex'),
      ]) {
        const findings = await scanForSecrets(
          [
            {
              path: 'secret.yaml',
              content: `data:\n  v: |-\n${wrap(encoded, 76, '    ').join(
                '\n',
              )}\n`,
            },
          ],
          hostile,
        );
        expect(findings.map(f => [f.rule, f.line])).toContainEqual([
          'syntho/configured-value',
          3,
        ]);
      }
    },
  );

  it('finds nothing in a wrapped base64 value that holds no configured secret', async () => {
    const content = `data:\n  v: |-\n${wrap(
      Buffer.from('x'.repeat(300)).toString('base64'),
      76,
      '    ',
    ).join('\n')}\n`;

    expect(await found(content)).toEqual([]);
  });

  it('names which configured secret it found, and masks it', async () => {
    const [finding] = await scan('a: 1\nb: 2\nc: canary-integration-token\n');

    expect(finding).toEqual({
      file: 'values.yaml',
      line: 3,
      what: 'the value of integrations.github[0].token',
      rule: 'syntho/configured-value',
      masked: '******** (24 characters)',
    });
  });

  it('finds a secret in Markdown (the pull request body) and on a line after U+2028', async () => {
    expect(
      await found(
        `# Ray cluster\n\nOwner: x\u2028y\n\n${CANARY.ghp}\n`,
        'pull request body',
      ),
    ).toEqual(['@secretlint/secretlint-rule-github@5']);
  });

  it.each([
    [
      'a rendered values.yaml',
      'clustername: ray\nimagePullSecrets:\n  - name: syntho-cr-secret\nimage:\n  repository: syntho.azurecr.io/syntho-ray\n  tag: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    ],
    [
      'an Argo CD application',
      'spec:\n  source:\n    repoURL: https://github.com/syntho-ai/syntho-charts.git\n    targetRevision: main\n',
    ],
    [
      'hostile text',
      `a: "{{ x }}: [] {} # '\\" \u2028"\nb: {\nc: [\n${'x'.repeat(100_000)}\n`,
    ],
  ])('passes %s', async (_, content) => {
    expect(await scan(content)).toEqual([]);
  });

  it.each([
    [
      'a configured passphrase folded over two lines',
      'a: 1\ndescription: the team uses correct horse\n  canary staple for this\n',
      'syntho/configured-value@2',
    ],
    [
      'a GitHub token written with YAML escapes',
      `a: 1\ntoken: "\\x67hp_${'C4n4ry'.repeat(6)}"\n`,
      '@secretlint/secretlint-rule-github@2',
    ],
    [
      'a configured secret in a block scalar, on its own line',
      'a: |\n  first line\n  canary-integration-token\n',
      'syntho/configured-value@3',
    ],
  ])('finds %s in a YAML value', async (_, content, expected) => {
    expect(await found(content)).toEqual([expected]);
  });

  it('scans 256 KiB of small escaped YAML values in well under the time a request may take', async () => {
    const content = '- "\\x41"\n'.repeat((256 * 1024) / 9);
    const start = performance.now();

    await scan(content);

    expect(performance.now() - start).toBeLessThan(5_000);
  }, 30_000);

  it.each(['{', '[', '{a: '])(
    'fails closed on YAML nested too deep to read (%j repeated), quickly',
    async unit => {
      const content = `a: 1\nb: ${unit.repeat((256 * 1024) / unit.length)}\n`;
      const start = performance.now();

      expect(await scan(content)).toEqual([
        {
          file: 'values.yaml',
          line: 1,
          what: 'YAML nested deeper than 64 levels, which the scan does not read',
          rule: 'syntho/unreadable-yaml',
          masked: 'no value',
        },
      ]);
      expect(performance.now() - start).toBeLessThan(5_000);
    },
    30_000,
  );

  it('names the line of a secret on each of 37,000 lines in well under the time a request may take', async () => {
    const content = 'c4n4ry\n'.repeat(Math.ceil((256 * 1024) / 7));
    const start = performance.now();

    const findings = await scanForSecrets(
      [{ path: 'notes.txt', content }],
      [{ label: 'x.token', value: 'c4n4ry' }],
    );

    expect(findings).toHaveLength(content.length / 7);
    expect(findings.at(-1)!.line).toBe(content.length / 7);
    // Counting the line starts before each finding took 18 s here.
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it.each([
    'eyJ',
    'ghp_',
    'glpat-',
    '-----BEGIN ',
    'LS0tLS1CRUdJTi',
    'b3BlbnNzaC1rZXktdjE',
    'SynthoLicense: ',
    'a',
    // One YAML error each, on one line: pretty errors made these take 30 s.
    '*a ',
    '!t ',
    '&a x\nSynthoLicense: *a\n',
  ])(
    'scans 256 KiB of %j repeated in well under the time a request may take',
    async unit => {
      const content = unit.repeat(Math.ceil((256 * 1024) / unit.length));
      const start = performance.now();

      await scan(content);

      // Quadratic work (a backtracking pattern, errors quoting their line) takes 30 s to minutes here.
      expect(performance.now() - start).toBeLessThan(5_000);
    },
    30_000,
  );
});
