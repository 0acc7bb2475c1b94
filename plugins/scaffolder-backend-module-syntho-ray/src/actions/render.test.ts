import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validate as validateJsonSchema } from 'jsonschema';
import { parse } from 'yaml';
import { createRenderAction } from './render';
import { examples } from './render.examples';

const policy = parsePolicy({
  storage: { classes: [{ name: 'azurefile-csi', readWriteMany: true }] },
  targets: [{ name: 'local', namespaces: ['syntho'] }],
  gitops: {
    repoUrl: 'github.com?owner=acme&repo=gitops',
    teamReviewers: ['platform-team'],
  },
});

describe('syntho:rayCluster:render', () => {
  const workspace = createMockDirectory();
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: 'git.example.com',
            apiBaseUrl: 'https://git.example.com/api/v4',
            token: 't',
          },
        ],
      },
    }),
  );
  const action = createRenderAction({ policy, integrations });

  beforeEach(() => workspace.clear());

  function context(input: Record<string, unknown>, isDryRun = false) {
    return createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      isDryRun,
      user: { ref: 'user:default/jane' },
    });
  }

  it('writes the GitOps files and outputs what the publish and register steps need', async () => {
    const ctx = context({
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'production',
      images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
    });

    await action.handler(ctx);

    const values = parse(
      await readFile(join(workspace.path, 'gitops', 'values.yaml'), 'utf8'),
    );
    expect(values.additionalWorkerGroups.workergroup.replicas).toBe(1);
    expect(workspace.content()).toEqual({
      gitops: {
        'values.yaml': expect.any(String),
        'application.yaml': expect.any(String),
        'crds-application.yaml': expect.any(String),
        'catalog-info.yaml': expect.any(String),
      },
    });
    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs).toMatchObject({
      folder: 'clusters/local/syntho/ray-cluster',
      valuesPath: 'clusters/local/syntho/ray-cluster/values.yaml',
      rayAddress: 'ray-cluster-head-svc.syntho.svc.cluster.local',
      entityRef: 'resource:default/ray-cluster-syntho-local',
      catalogInfoUrl:
        'https://github.com/acme/gitops/blob/main/clusters/local/syntho/ray-cluster/catalog-info.yaml',
      repoUrl: 'github.com?owner=acme&repo=gitops',
      scm: 'github',
      branchName: 'syntho-ray/local/syntho/ray-cluster',
      targetBranch: 'main',
      title: 'Ray cluster ray-cluster in syntho on local',
      teamReviewers: ['platform-team'],
      labels: [],
      warnings: [],
      targetPath: 'gitops',
    });
    expect(outputs.body).toContain('Requested by `user:default/jane`');
  });

  it('recognises a self-hosted GitLab by its integration, not by its name', async () => {
    const gitlabAction = createRenderAction({
      policy: parsePolicy({
        storage: { classes: [{ name: 'azurefile-csi', readWriteMany: true }] },
        targets: [{ name: 'local', namespaces: ['syntho'] }],
        gitops: { repoUrl: 'git.example.com?owner=platform&repo=gitops' },
      }),
      integrations,
    });
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'development',
    });

    await gitlabAction.handler(ctx);

    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs.scm).toBe('gitlab');
    expect(outputs.catalogInfoUrl).toBe(
      'https://git.example.com/platform/gitops/-/blob/main/clusters/local/syntho/ray-dev/catalog-info.yaml',
    );
  });

  it('renders in a dry run too, so the Template Editor shows the files', async () => {
    const ctx = context(
      { name: 'ray-dev', namespace: 'syntho', preset: 'development' },
      true,
    );

    await action.handler(ctx);

    expect(Object.keys(workspace.content()?.gitops as object)).toContain(
      'values.yaml',
    );
  });

  it('refuses a bad request with every problem and writes nothing', async () => {
    const ctx = context({
      name: 'Ray_Cluster',
      namespace: 'syntho',
      preset: 'custom',
      head: { cpu: '1', memory: '1G' },
      storageClass: 'managed-csi',
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/has 3 problems:/);
    expect(error.message).toMatch(/error name: Cluster name "Ray_Cluster"/);
    expect(error.message).toMatch(
      /error head.memory: .*Fix: Give the head at least 2G/,
    );
    expect(error.message).toMatch(/error storageClass: /);
    expect(workspace.content()).toEqual({});
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses a second cluster in a namespace that already holds one', async () => {
    const ctx = context({
      name: 'ray-b',
      namespace: 'syntho',
      preset: 'development',
      existingClusters: [
        { targetCluster: 'local', namespace: 'syntho', name: 'ray-a' },
      ],
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /already holds the Ray cluster "ray-a"/,
    );
  });

  it('logs warnings and passes them on to the pull request', async () => {
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'development',
      images: { rayTag: 'latest' },
    });

    await action.handler(ctx);

    const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    expect(outputs.warnings).toEqual([
      expect.stringMatching(/^warning images.rayTag: .*not pinned/),
      expect.stringMatching(/^warning images.operatorTag/),
    ]);
    expect(outputs.body).toMatch(/⚠️ `images.rayTag`/);
  });

  it('refuses an unknown field below the top level and names the one meant', async () => {
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'custom',
      head: { cpu: '4', memory: '8G', nodeSelecter: { a: 'b' } },
    });

    const error = await action.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /error head\.nodeSelecter: Unknown field "nodeSelecter".*Did you mean "nodeSelector"\?/,
    );
    expect(workspace.content()).toEqual({});
  });

  it.each([
    [
      { nmae: 'ray-dev' },
      /error nmae: Unknown field "nmae".*Did you mean "name"\?/,
    ],
    [
      { images: { raytag: '2.9.3' } },
      /error images\.raytag: .*Did you mean "rayTag"\?/,
    ],
    [
      {
        volumes: [{ name: 'v', mountPath: '/v', emptydir: true }],
      },
      /error volumes\[0\]\.emptydir: .*Did you mean "emptyDir"\?/,
    ],
  ])('refuses the unknown field in %j', async (fields, message) => {
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'development',
      ...fields,
    });

    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(workspace.content()).toEqual({});
  });

  it('refuses a requester and a license key even where the policy allows plain text', async () => {
    const permissive = createRenderAction({
      policy: parsePolicy({
        storage: { classes: [{ name: 'azurefile-csi', readWriteMany: true }] },
        targets: [{ name: 'local', namespaces: ['syntho'] }],
        license: { allowPlainText: true },
      }),
      integrations,
    });
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'development',
      requestedBy: 'user:default/someone-else',
      license: { plainText: 'abc' },
    });

    const error = await permissive.handler(ctx).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/has 2 problems:/);
    expect(error.message).toMatch(/error requestedBy: Unknown field/);
    expect(error.message).toMatch(/error license\.plainText: Unknown field/);
    expect(workspace.content()).toEqual({});
  });

  it('refuses the tag that smuggled structure into the chart', async () => {
    const ctx = context({
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'development',
      images: {
        rayTag: '2.9.3\n            securityContext: {privileged: true}',
      },
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /error images\.rayTag: .*line break/,
    );
    expect(workspace.content()).toEqual({});
  });

  describe('input schema', () => {
    const schema = action.schema?.input as any;

    /** Every object schema in the input, with where it is. */
    function objects(node: any, path = 'input'): Array<[string, any]> {
      if (!node || typeof node !== 'object') return [];
      const here: Array<[string, any]> =
        node.type === 'object' && node.properties ? [[path, node]] : [];
      return [
        ...here,
        ...Object.entries(node.properties ?? {}).flatMap(([key, child]) =>
          objects(child, `${path}.${key}`),
        ),
        ...objects(node.items, `${path}[]`),
        ...(node.anyOf ?? []).flatMap((child: any) => objects(child, path)),
        ...(typeof node.additionalProperties === 'object'
          ? objects(node.additionalProperties, `${path}.*`)
          : []),
      ];
    }

    it('documents every field of the request schema', () => {
      const found = objects(schema);

      expect(found.map(([path]) => path)).toEqual(
        expect.arrayContaining([
          'input',
          'input.head',
          'input.head.requests',
          'input.head.tolerations[]',
          'input.head.env[]',
          'input.head.affinity.podAntiAffinity',
          'input.workerGroups[]',
          'input.extraWorkerGroups[]',
          'input.images',
          'input.license',
          'input.volumes[]',
          'input.existingClusters[]',
        ]),
      );
      expect(schema.properties.head.properties.cpu.description).toMatch(
        /CPU limit/,
      );
    });

    const valid = {
      name: 'ray-dev',
      namespace: 'syntho',
      preset: 'custom',
      head: { cpu: '4', memory: '8G', tolerations: [{ key: 'dedicated' }] },
      workerGroups: [{ name: 'g', replicas: 1, cpu: '1', memory: '1G' }],
      volumes: [{ name: 'v', mountPath: '/v', emptyDir: true }],
      existingClusters: [
        { targetCluster: 'local', namespace: 'other', name: 'ray' },
      ],
    };

    /** What the scaffolder's own check (jsonschema, as the task runner calls it) says of an input. */
    function scaffolderRefusals(input: unknown) {
      return validateJsonSchema(input, schema).errors.map(e => e.property);
    }

    it('lets a valid input through the check the scaffolder runs', () => {
      expect(scaffolderRefusals(valid)).toEqual([]);
    });

    it.each([
      [{ ...valid, nmae: 'x' }, 'instance'],
      [{ ...valid, head: { ...valid.head, cpus: '4' } }, 'instance.head'],
      [
        {
          ...valid,
          head: {
            ...valid.head,
            tolerations: [{ key: 'k', efect: 'NoSchedule' }],
          },
        },
        'instance.head.tolerations[0]',
      ],
      [
        { ...valid, workerGroups: [{ ...valid.workerGroups[0], replica: 1 }] },
        'instance.workerGroups[0]',
      ],
      [
        {
          ...valid,
          existingClusters: [{ ...valid.existingClusters[0], x: 1 }],
        },
        'instance.existingClusters[0]',
      ],
      [{ ...valid, requestedBy: 'user:default/x' }, 'instance'],
    ])(
      'refuses an unknown field before the handler runs: %j at %s',
      (input, where) => {
        expect(scaffolderRefusals(input)).toEqual([where]);
      },
    );

    it('takes neither the requester nor a license key', () => {
      expect(Object.keys(schema.properties)).not.toContain('requestedBy');
      expect(Object.keys(schema.properties.license.properties)).toEqual([
        'secretName',
        'secretKey',
      ]);
      expect(schema.required).toEqual(['name', 'namespace', 'preset']);
    });
  });

  it.each(examples.map(example => [example.description, example]))(
    'runs the documented example: %s',
    async (_, example) => {
      const [step] = parse(example.example).steps;
      const ctx = context(step.input);

      await action.handler(ctx);

      expect(ctx.output).toHaveBeenCalledWith(
        'valuesPath',
        expect.stringMatching(/values\.yaml$/),
      );
    },
  );
});
