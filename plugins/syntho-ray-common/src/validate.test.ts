import { parsePolicy, SynthoRayPolicyInput } from './policy';
import { RayClusterRequest } from './request';
import { ExistingCluster } from './existingClusters';
import { validateRequest } from './validate';

const pinned = { rayTag: '2.9.3', operatorTag: '1.4.0' };

const policyInput: SynthoRayPolicyInput = {
  storage: {
    classes: [
      { name: 'azurefile', readWriteMany: true },
      { name: 'managed-csi', readWriteMany: false },
    ],
    defaultClass: 'azurefile',
  },
  targets: [
    { name: 'aks-prod', namespaces: ['syntho', 'synthesis'] },
    { name: 'ocp', openshift: true, namespaces: ['syntho', 'synthesis'] },
  ],
};
const policy = parsePolicy(policyInput);

function validate(
  request: Partial<RayClusterRequest> & Record<string, unknown>,
  options: { policy?: SynthoRayPolicyInput; existing?: ExistingCluster[] } = {},
) {
  return validateRequest(
    {
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'production',
      images: pinned,
      ...request,
    },
    {
      policy: options.policy
        ? parsePolicy({ ...policyInput, ...options.policy })
        : policy,
      existingClusters: options.existing,
    },
  );
}

const group = (overrides: Record<string, unknown> = {}) => ({
  name: 'workergroup',
  replicas: 1,
  cpu: '4',
  memory: '8G',
  ...overrides,
});

describe('validateRequest', () => {
  it.each([
    ['without namespaces', { name: 'aks-prod' }],
    ['with an empty list', { name: 'aks-prod', namespaces: [] }],
  ])(
    'refuses every namespace on a target %s, naming synthoRay.targets[].namespaces',
    (_, target) => {
      for (const namespace of ['syntho', 'default', 'kube-system']) {
        const { errors } = validate(
          { targetCluster: 'aks-prod', namespace },
          { policy: { targets: [target] } },
        );
        expect(errors).toEqual([
          expect.objectContaining({
            path: 'namespace',
            fix: expect.stringContaining('synthoRay.targets[].namespaces'),
          }),
        ]);
      }
    },
  );

  it('offers no target when the policy names none', () => {
    expect(parsePolicy({}).targets).toEqual([]);
    const { errors } = validateRequest(
      {
        name: 'ray-cluster',
        namespace: 'syntho',
        preset: 'development',
        targetCluster: 'local',
      },
      { policy: parsePolicy({}) },
    );
    expect(errors).toEqual([
      expect.objectContaining({
        path: 'targetCluster',
        fix: expect.stringContaining('synthoRay.targets'),
      }),
    ]);
  });

  it('accepts a minimal request and fills in the seed defaults and the policy', () => {
    const result = validateRequest(
      { name: 'ray-cluster', namespace: 'syntho', preset: 'development' },
      { policy },
    );

    expect(result.errors).toEqual([]);
    expect(result.resolved).toMatchObject({
      targetCluster: 'aks-prod',
      head: { cpu: '16', memory: '64G' },
      workerGroups: [],
      pullSecret: 'syntho-cr-secret',
      storageClass: 'azurefile',
      license: {
        kind: 'secret',
        secretName: 'syntho-license',
        secretKey: 'license_key',
      },
      images: {
        ray: { repository: 'syntho.azurecr.io/syntho-ray', tag: 'latest' },
        operator: { repository: 'syntho.azurecr.io/syntho-ray-operator' },
        pullPolicy: 'IfNotPresent',
      },
      rayAddress: 'ray-cluster-head-svc.syntho.svc.cluster.local',
      path: 'clusters/aks-prod/syntho/ray-cluster',
    });
    expect(result.warnings.map(w => w.path)).toEqual([
      'images.rayTag',
      'images.operatorTag',
    ]);
  });

  it('resolves the production preset to one worker group of 16 CPU / 64G', () => {
    expect(validate({}).resolved?.workerGroups).toEqual([
      {
        name: 'workergroup',
        replicas: 1,
        minReplicas: 1,
        maxReplicas: 1,
        cpu: '16',
        memory: '64G',
        sourcePath: 'workerGroups[0]',
      },
    ]);
  });

  it("adds extra groups to the preset's and points problems at them", () => {
    const ok = validate({ extraWorkerGroups: [group({ name: 'small' })] });
    const bad = validate({
      extraWorkerGroups: [group({ name: 'small', memory: '8 GB' })],
    });

    expect(ok.resolved?.workerGroups.map(g => g.name)).toEqual([
      'workergroup',
      'small',
    ]);
    expect(bad.errors.map(e => e.path)).toEqual([
      'extraWorkerGroups[0].memory',
    ]);
  });

  it('reports every problem at once, each with its path and a fix', () => {
    const result = validate({
      name: 'My_Cluster',
      head: { memory: '1G' },
      workerGroups: [group({ replicas: 5, maxReplicas: 2 }), group()],
      storageClass: 'managed-csi',
    });

    expect(result.resolved).toBeUndefined();
    expect(result.errors.map(e => e.path)).toEqual([
      'name',
      'head.memory',
      'workerGroups[0].replicas',
      'workerGroups[1].name',
      'storageClass',
    ]);
    for (const error of result.errors) {
      expect(error.message).not.toEqual('');
      expect(error.fix).not.toEqual('');
    }
  });

  it.each([
    ['a name with capitals', { name: 'Ray' }, 'name', /lower-case/],
    [
      'a name starting with a digit',
      { name: '1ray' },
      'name',
      /start with a lower-case letter/,
    ],
    [
      'a name whose head Service KubeRay 0.5 to 1.3 would shorten',
      { name: 'r'.repeat(42) },
      'name',
      /at most 41 characters: it names the head Service/,
    ],
    [
      'an invalid namespace',
      { namespace: 'Syntho!' },
      'namespace',
      /namespace/i,
    ],
    [
      'a head below 2G',
      { head: { memory: '1999M' } },
      'head.memory',
      /below 2G/,
    ],
    [
      'a head request below 2G',
      { head: { requests: { memory: '1Gi' } } },
      'head.requests.memory',
      /below 2G/,
    ],
    [
      'a request above its limit',
      { head: { requests: { cpu: '17' } } },
      'head.requests.cpu',
      /larger than the limit/,
    ],
    [
      'a malformed quantity',
      { head: { cpu: '4 cores' } },
      'head.cpu',
      /not a Kubernetes quantity/,
    ],
    ['zero CPU', { head: { cpu: '0' } }, 'head.cpu', /more than zero/],
    [
      'min above replicas',
      { workerGroups: [group({ minReplicas: 2 })] },
      'workerGroups[0].replicas',
      /^The group starts with 1 worker, fewer than its minimum of 2\. Start with at least 2 workers,/,
    ],
    [
      'replicas above max',
      { workerGroups: [group({ replicas: 3, maxReplicas: 2 })] },
      'workerGroups[0].replicas',
      /^The group starts with 3 workers, more than its maximum of 2\. Start with at most 2 workers,/,
    ],
    [
      'min above max, on the minimum rather than on the workers',
      {
        workerGroups: [group({ replicas: 1, minReplicas: 5, maxReplicas: 2 })],
      },
      'workerGroups[0].minReplicas',
      /^The minimum number of workers \(5\) is above the maximum \(2\)\. Lower the minimum/,
    ],
    [
      'a group that can never run',
      { workerGroups: [group({ replicas: 0, maxReplicas: 0 })] },
      'workerGroups[0].maxReplicas',
      /never have a worker/,
    ],
    [
      'minReplicas 0 on chart 0.4.2',
      { workerGroups: [group({ minReplicas: 0 })] },
      'workerGroups[0].minReplicas',
      /renders minReplicas 0 as 1/,
    ],
    [
      'duplicate group names',
      { workerGroups: [group(), group()] },
      'workerGroups[1].name',
      /Two worker groups/,
    ],
    [
      'the head group name',
      { workerGroups: [group({ name: 'headgroup' })] },
      'workerGroups[0].name',
      /head group/,
    ],
    [
      'an invalid group name',
      { workerGroups: [group({ name: 'small_group' })] },
      'workerGroups[0].name',
      /letter/,
    ],
    [
      'a non-RWX storage class',
      { storageClass: 'managed-csi' },
      'storageClass',
      /ReadWriteMany/,
    ],
    [
      'an unknown storage class',
      { storageClass: 'gold' },
      'storageClass',
      /not one the platform offers/,
    ],
    [
      'an unknown target',
      { targetCluster: 'gke' },
      'targetCluster',
      /aks-prod, ocp/,
    ],
    [
      'a namespace the target does not open',
      { namespace: 'default' },
      'namespace',
      /syntho, synthesis/,
    ],
    [
      'a plain-text license',
      { license: { plainText: 'eyJrZXkiOi' } },
      'license.plainText',
      /end up in Git/,
    ],
    [
      'the license variable as extra env',
      { head: { env: [{ name: 'LICENSE_KEY_SIGNED', value: 'x' }] } },
      'head.env[0].name',
      /license/,
    ],
    [
      'a duplicate env variable',
      {
        head: {
          env: [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        },
      },
      'head.env[1].name',
      /twice/,
    ],
    [
      'a ray.io/ label',
      { head: { labels: { 'ray.io/node-type': 'head' } } },
      'head.labels.ray.io/node-type',
      /KubeRay/,
    ],
    [
      'a bad label value',
      { head: { labels: { team: 'a b' } } },
      'head.labels.team',
      /63 letters/,
    ],
    [
      'a volume with two sources',
      {
        volumes: [
          { name: 'data', mountPath: '/data', emptyDir: true, configMap: 'c' },
        ],
      },
      'volumes[0]',
      /exactly one source/,
    ],
    [
      'a chart volume name',
      { volumes: [{ name: 'log-volume', mountPath: '/data', emptyDir: true }] },
      'volumes[0].name',
      /already has a volume/,
    ],
    [
      'a chart mount path',
      { volumes: [{ name: 'data', mountPath: '/tmp/ray/', emptyDir: true }] },
      'volumes[0].mountPath',
      /the chart mounts for Ray itself/,
    ],
    [
      'a relative mount path',
      { volumes: [{ name: 'data', mountPath: 'data', emptyDir: true }] },
      'volumes[0].mountPath',
      /not absolute/,
    ],
    ['a missing field', { preset: 'huge' }, 'preset', /./],
  ])('refuses %s', (_, request, path, message) => {
    const result = validate(request as Record<string, unknown>);

    expect(result.resolved).toBeUndefined();
    expect(
      result.errors.map(e => ({ path: e.path, text: `${e.message} ${e.fix}` })),
    ).toEqual(
      expect.arrayContaining([{ path, text: expect.stringMatching(message) }]),
    );
  });

  it('lets chart 1.14.0 keep minReplicas 0', () => {
    const result = validate({
      chartProfile: 'deployment-tools-1.14.0',
      workerGroups: [group({ replicas: 0, minReplicas: 0, maxReplicas: 3 })],
    });

    expect(result.errors).toEqual([]);
  });

  it('accepts the old documentation group name smallGroup', () => {
    expect(
      validate({ workerGroups: [group({ name: 'smallGroup' })] }).errors,
    ).toEqual([]);
  });

  it('accepts a plain-text license only where the policy allows it', () => {
    const result = validate(
      { license: { plainText: 'key' } },
      { policy: { license: { allowPlainText: true } } },
    );

    expect(result.errors).toEqual([]);
    expect(result.resolved?.license).toEqual({
      kind: 'plainText',
      value: 'key',
    });
  });

  describe('image tags', () => {
    it('warns about latest by default', () => {
      const result = validate({
        images: { rayTag: 'latest-cpu', operatorTag: '1.4.0' },
      });

      expect(result.errors).toEqual([]);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          path: 'images.rayTag',
          message: expect.stringMatching(/not pinned/),
        }),
      ]);
    });

    it('refuses latest when the policy says so', () => {
      const result = validate(
        { images: { rayTag: 'latest', operatorTag: '1.4.0' } },
        { policy: { images: { latestTag: 'error' } } },
      );

      expect(result.errors.map(e => e.path)).toEqual(['images.rayTag']);
    });

    it('refuses a tag outside the allowed list and names the allowed ones', () => {
      const result = validate(
        { images: { rayTag: '2.8.0', operatorTag: '1.4.0' } },
        { policy: { images: { allowedRayTags: ['2.9.3', '2.10.0'] } } },
      );

      expect(result.errors).toEqual([
        expect.objectContaining({
          path: 'images.rayTag',
          fix: 'Pick one of: 2.9.3, 2.10.0.',
        }),
      ]);
    });
  });

  describe('policy totals', () => {
    it('counts every group at its maxReplicas', () => {
      const result = validate(
        { workerGroups: [group({ cpu: '10', maxReplicas: 3 })] },
        { policy: { limits: { maxTotalCpu: '45' } } },
      );

      expect(result.errors).toEqual([
        expect.objectContaining({
          path: 'workerGroups',
          message: expect.stringMatching(/46 CPU .* allows 45/),
        }),
      ]);
    });

    it.each([
      ['memory', { maxTotalMemory: '100G' }, /of memory/],
      ['GPUs', { maxTotalGpu: 0 }, /GPUs/],
      ['workers', { maxWorkers: 2 }, /3 workers/],
      ['groups', { maxGroups: 1 }, /2 worker groups/],
    ])('refuses too many %s', (_, limits, message) => {
      const result = validate(
        {
          workerGroups: [
            group({ memory: '64G', gpu: 1 }),
            group({ name: 'b', replicas: 1, maxReplicas: 2 }),
          ],
        },
        { policy: { limits: { maxTotalGpu: 4, ...limits } } },
      );

      expect(result.errors).toEqual([
        expect.objectContaining({ message: expect.stringMatching(message) }),
      ]);
    });
  });

  describe('one cluster per namespace', () => {
    const existing = [
      { targetCluster: 'aks-prod', namespace: 'syntho', name: 'other' },
    ];

    it('refuses a second cluster in an occupied namespace and explains why', () => {
      const result = validate({}, { existing });

      expect(result.errors).toEqual([
        expect.objectContaining({
          path: 'namespace',
          message: expect.stringMatching(
            /already holds the Ray cluster "other".*kuberay-operator/,
          ),
        }),
      ]);
    });

    it('lets a request update its own cluster', () => {
      expect(validate({ name: 'other' }, { existing }).errors).toEqual([]);
    });

    it('ignores clusters on other Kubernetes clusters', () => {
      expect(validate({ targetCluster: 'ocp' }, { existing }).errors).toEqual(
        [],
      );
    });
  });

  describe('OpenShift', () => {
    it('follows the target and explains the CRI-O pids limit', () => {
      const result = validate({ targetCluster: 'ocp' });

      expect(result.resolved?.openshift).toBe(true);
      expect(result.warnings).toEqual([
        expect.objectContaining({
          path: 'openshift',
          fix: expect.stringMatching(/8096/),
        }),
      ]);
    });
  });

  it('warns that a PVC mounted by several pods must be reachable from every node', () => {
    const result = validate({
      volumes: [
        {
          name: 'data',
          mountPath: '/data',
          persistentVolumeClaim: 'data-claim',
        },
      ],
    });

    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({
        path: 'volumes[0].persistentVolumeClaim',
        fix: expect.stringMatching(/every node/),
      }),
    ]);
  });
});
