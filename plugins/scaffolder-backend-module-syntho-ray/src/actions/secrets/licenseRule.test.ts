import { licenseRule } from './licenseRule';
import { isYamlPath, yamlDocuments } from './yamlDocuments';

const LICENSE = 'SYNTHOCANARYLICENSE0123456789abcdef';
const JWS_LICENSE =
  'eyJhbGciOiJFUzI1NiJ9.eyJjdXN0b21lciI6ImNhbmFyeSJ9.Y2FuYXJ5c2lnbmF0dXJl';

/** The lines `licenseRule` reports in a text. */
const lines = async (content: string, path = 'values.yaml') => {
  const matches = await licenseRule({
    path,
    content,
    // The scan parses a YAML file once for all its rules.
    documents: isYamlPath(path) ? yamlDocuments(content) : undefined,
  });
  return [
    ...new Set(matches.map(m => content.slice(0, m.start).split('\n').length)),
  ];
};

describe('licenseRule', () => {
  it.each([
    ['plain', `a: 1\nSynthoLicense: ${LICENSE}\n`, [2]],
    ['quoted', `a: 1\n"SynthoLicense": '${LICENSE}'\n`, [2]],
    [
      'in a literal block scalar',
      `a: 1\nSynthoLicense: |\n  ${LICENSE}\n`,
      [2],
    ],
    [
      'in a folded block scalar, broken over lines',
      `SynthoLicense: >-\n  ${LICENSE.slice(0, 10)}\n  ${LICENSE.slice(10)}\n`,
      [1],
    ],
    ['in a flow map', `chart: {a: 1, SynthoLicense: ${LICENSE}}\n`, [1]],
    [
      'as an env entry',
      `env:\n  - name: LICENSE_KEY_SIGNED\n    value: ${LICENSE}\n`,
      [3],
    ],
    [
      'as an env entry with its keys in another order',
      `env:\n  - value: ${LICENSE}\n    name: LICENSE_KEY_SIGNED\n`,
      [2],
    ],
    [
      'as an env entry in a block scalar',
      `env:\n  - value: |-\n      ${LICENSE}\n    name: "LICENSE_KEY_SIGNED"\n`,
      [2],
    ],
    [
      'as a flow env entry with its keys in another order',
      `env: [{value: "${LICENSE}", name: LICENSE_KEY_SIGNED}]\n`,
      [1],
    ],
    ['as a map key', `data:\n  LICENSE_KEY_SIGNED: ${LICENSE}\n`, [2]],
    [
      'behind an anchor',
      `x: &license ${LICENSE}\nSynthoLicense: *license\n`,
      [1],
    ],
    [
      'behind an anchor that was redefined',
      `x: &l <put-your-own-license>\ny: &l ${LICENSE}\nSynthoLicense: *l\nz: &l <license-key>\n`,
      [2],
    ],
    ['in a second document', `a: 1\n---\nSynthoLicense: ${LICENSE}\n`, [3]],
    ['in JSON', `{"SynthoLicense": "${LICENSE}"}`, [1]],
    ['as a signed token anywhere', `x:\n  y: ${JWS_LICENSE}\n`, [2]],
    [
      'in YAML too broken to parse',
      `a: {\nSynthoLicense: ${LICENSE}\nb: [\n`,
      [2],
    ],
  ])('finds a license %s', async (_, content, expected) => {
    expect(await lines(content)).toEqual(expected);
  });

  it('finds a license in a fenced YAML block of the pull request body', async () => {
    const body = `# Ray cluster\n\n\`\`\`yaml\nSynthoLicense: |\n  ${LICENSE}\n\`\`\`\n`;

    expect(await lines(body, 'pull request body')).toEqual([4]);
  });

  it.each([
    [
      'an argocd-vault-plugin placeholder',
      'SynthoLicense: <path:secret/data/syntho#license_key>\n',
    ],
    ["the chart's placeholder", 'SynthoLicense: <put-your-own-license>\n'],
    ['a placeholder in a block scalar', 'SynthoLicense: |\n  <license-key>\n'],
    ['an empty license', 'SynthoLicense: ""\nb: 1\n'],
    [
      'a Secret reference',
      'env:\n  - name: LICENSE_KEY_SIGNED\n    valueFrom:\n      secretKeyRef: { name: syntho-license, key: license_key }\n',
    ],
    ['a short test value', 'env: [{name: LICENSE_KEY_SIGNED, value: x}]\n'],
    [
      'the words in prose',
      'Set SynthoLicense through the Secret: see the docs.\n',
    ],
  ])('accepts %s', async (_, content) => {
    expect(await lines(content)).toEqual([]);
  });
});
