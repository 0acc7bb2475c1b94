import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import {
  createScanSecretsAction,
  scanForSecrets,
  secretValuesFromConfig,
} from './scanSecrets';

const config = new ConfigReader({
  integrations: {
    github: [{ host: 'github.com', token: 'ghp_integrationtoken123' }],
    gitlab: [{ host: 'gitlab.com', token: 'glpat-gitlabtoken456' }],
  },
  synthoRay: { license: { knownValues: ['SYNTHO-CANARY-LICENSE'] } },
});

describe('secretValuesFromConfig', () => {
  it('collects integration tokens and the known license values', () => {
    expect(secretValuesFromConfig(config).map(s => s.label)).toEqual([
      'integrations.github[0].token',
      'integrations.gitlab[0].token',
      'synthoRay.license.knownValues[0]',
    ]);
  });
});

describe('scanForSecrets', () => {
  const secrets = secretValuesFromConfig(config);

  it.each([
    [
      'an integration token',
      'repo: x\ntoken: ghp_integrationtoken123\n',
      2,
      'the value of integrations.github[0].token',
    ],
    [
      'a known license value',
      'a: 1\nb: 2\nSynthoLicense: SYNTHO-CANARY-LICENSE\n',
      3,
      'the value of synthoRay.license.knownValues[0]',
    ],
    [
      'a JWS-shaped license',
      'x: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeW50aG8ifQ.c2lnbmF0dXJlc2ln\n',
      1,
      'a signed token shaped like a Syntho license key',
    ],
    [
      'a literal SynthoLicense',
      'SynthoLicense: abcdefghijklmnopqrstuvwxyz\n',
      1,
      'a Syntho license written as plain text (LICENSE_KEY_SIGNED or SynthoLicense with a literal value)',
    ],
    [
      'a literal LICENSE_KEY_SIGNED',
      'env:\n  - name: LICENSE_KEY_SIGNED\n    value: abcdefghijklmnopqrstuvwxyz\n',
      2,
      'a Syntho license written as plain text (LICENSE_KEY_SIGNED or SynthoLicense with a literal value)',
    ],
  ])('finds %s, naming the file and line', (_, content, line, what) => {
    expect(
      scanForSecrets([{ path: 'values.yaml', content }], secrets),
    ).toContainEqual({
      file: 'values.yaml',
      line,
      what,
    });
  });

  it.each([
    [
      'an argocd-vault-plugin placeholder',
      'SynthoLicense: <path:secret/data/syntho#license_key>\n',
    ],
    ["the chart's placeholder", 'SynthoLicense: <put-your-own-license>\n'],
    [
      'a Secret reference',
      'valueFrom:\n  secretKeyRef: { name: syntho-license, key: license_key }\n',
    ],
  ])('accepts %s', (_, content) => {
    expect(scanForSecrets([{ path: 'values.yaml', content }], secrets)).toEqual(
      [],
    );
  });
});

describe('syntho:rayCluster:scanSecrets', () => {
  const workspace = createMockDirectory();
  const action = createScanSecretsAction({ config });

  it('fails without repeating the secret', async () => {
    workspace.setContent({
      gitops: {
        'values.yaml': 'SynthoLicense: SYNTHO-CANARY-LICENSE\n',
        'ok.yaml': 'a: 1\n',
      },
    });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.message).toMatch(
      /values\.yaml:1: the value of synthoRay\.license\.knownValues\[0\]/,
    );
    expect(error.message).not.toContain('SYNTHO-CANARY-LICENSE');
  });

  it('passes clean files and counts them', async () => {
    workspace.setContent({
      gitops: {
        'values.yaml': 'head: {}\n',
        'catalog-info.yaml': 'kind: Resource\n',
      },
    });
    const ctx = createMockActionContext({
      input: { path: 'gitops' },
      workspacePath: workspace.path,
    });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('scannedFiles', 2);
  });

  it('runs its documented example', async () => {
    workspace.setContent({ gitops: { 'values.yaml': 'head: {}\n' } });
    const [step] = parse(action.examples![0].example).steps;
    const ctx = createMockActionContext({
      input: { path: step.input.path.replace(/\$\{\{.*\}\}/, 'gitops') },
      workspacePath: workspace.path,
    });

    await expect(action.handler(ctx)).resolves.toBeUndefined();
  });
});
