import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { createScanSecretsAction } from './scanSecrets';

const config = new ConfigReader({
  integrations: {
    github: [{ host: 'github.com', token: 'ghp_integrationtoken123' }],
    gitlab: [{ host: 'gitlab.com', token: 'glpat-gitlabtoken456' }],
  },
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'aks',
            url: 'https://aks',
            serviceAccountToken: 'canary-sa-token-7f3a',
          },
        ],
      },
    ],
  },
  synthoRay: { license: { knownValues: ['SYNTHO-CANARY-LICENSE'] } },
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

    expect(error.message).toContain(
      'values.yaml:1: the value of synthoRay.license.knownValues[0] [syntho/configured-value; ******** (21 characters)]',
    );
    expect(error.message).not.toContain('SYNTHO-CANARY-LICENSE');
  });

  it("scans the pull request's title and body, and names the Kubernetes token it finds", async () => {
    workspace.setContent({ gitops: { 'values.yaml': 'head: {}\n' } });
    const ctx = createMockActionContext({
      input: {
        title: 'Ray cluster ray-cluster in syntho on aks',
        body: `# Ray cluster\n\nOwner notes: canary-sa-token-7f3a\n`,
      },
      workspacePath: workspace.path,
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.message).toContain(
      'pull request body:3: the value of kubernetes.clusterLocatorMethods[0].clusters[0].serviceAccountToken [syntho/configured-value;',
    );
    expect(error.message).not.toContain('canary-sa-token-7f3a');
  });

  it('lists the first 30 findings and counts the rest', async () => {
    workspace.setContent({
      gitops: { 'values.yaml': 'a: glpat-gitlabtoken456\n'.repeat(1000) },
    });
    const ctx = createMockActionContext({
      input: {},
      workspacePath: workspace.path,
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error.message).toMatch(/^Refusing to publish: 1000 secrets found/);
    expect(error.message).toContain('values.yaml:30: the value of');
    expect(error.message).not.toContain('values.yaml:31:');
    expect(error.message).toContain('… and 970 more');
  });

  it('fails on a secret in the title', async () => {
    workspace.setContent({ gitops: { 'values.yaml': 'head: {}\n' } });
    const ctx = createMockActionContext({
      input: { title: 'Ray cluster glpat-gitlabtoken456', body: 'fine' },
      workspacePath: workspace.path,
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /pull request title:1: the value of integrations\.gitlab\[0\]\.token/,
    );
  });

  it('passes clean files and counts them', async () => {
    workspace.setContent({
      gitops: {
        'values.yaml': 'head: {}\n',
        'catalog-info.yaml': 'kind: Resource\n',
      },
    });
    const ctx = createMockActionContext({
      input: { path: 'gitops', title: 'Ray cluster', body: '# Ray cluster\n' },
      workspacePath: workspace.path,
    });

    await action.handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('scannedFiles', 2);
  });

  it('runs its documented example', async () => {
    workspace.setContent({ gitops: { 'values.yaml': 'head: {}\n' } });
    const [step] = parse(action.examples![0].example).steps;
    const ctx = createMockActionContext({
      input: {
        path: step.input.path.replace(/\$\{\{.*\}\}/, 'gitops'),
        title: step.input.title,
        body: step.input.body,
      },
      workspacePath: workspace.path,
    });

    await expect(action.handler(ctx)).resolves.toBeUndefined();
  });
});
