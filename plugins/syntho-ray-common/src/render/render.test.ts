import { parse } from 'yaml';
import { parsePolicy, SynthoRayPolicyInput } from '../policy';
import { RayClusterRequest } from '../request';
import { validateRequest } from '../validate';
import { entityName, renderRequest } from '.';

function render(
  request: Partial<RayClusterRequest> = {},
  policyInput: SynthoRayPolicyInput = {},
) {
  const policy = parsePolicy({
    targets: [
      { name: 'aks', namespaces: ['syntho'] },
      { name: 'ocp', openshift: true, namespaces: ['syntho'] },
    ],
    ...policyInput,
  });
  const validation = validateRequest(
    {
      name: 'ray-cluster',
      namespace: 'syntho',
      preset: 'production',
      images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
      requestedBy: 'user:default/jane',
      owner: 'group:default/data-science',
      ...request,
    },
    { policy },
  );
  expect(validation.errors).toEqual([]);
  const result = renderRequest(
    validation.resolved!,
    policy,
    validation.warnings,
  );
  const file = (path: string) => {
    const found = result.files.find(f => f.path === path);
    if (!found)
      throw new Error(`no ${path} in ${result.files.map(f => f.path)}`);
    return found.content;
  };
  return { result, file, yaml: (path: string) => parse(file(path)) };
}

describe('renderRequest', () => {
  it('writes the GitOps files of Argo CD by default, in a stable order', () => {
    const { result } = render();

    expect(result.files.map(f => f.path)).toEqual([
      'values.yaml',
      'application.yaml',
      'crds-application.yaml',
      'catalog-info.yaml',
    ]);
    expect(result.folder).toBe('clusters/aks/syntho/ray-cluster');
    expect(result.valuesPath).toBe(
      'clusters/aks/syntho/ray-cluster/values.yaml',
    );
    expect(result.rayAddress).toBe(
      'ray-cluster-head-svc.syntho.svc.cluster.local',
    );
    expect(render().result).toEqual(result);
  });

  describe('values.yaml for chart 0.4.2', () => {
    it('sets the seed defaults, lists every group and keeps the default group off', () => {
      const { yaml, file } = render();
      const values = yaml('values.yaml');

      expect(values).toMatchObject({
        clustername: 'ray-cluster',
        imagePullSecrets: [{ name: 'syntho-cr-secret' }],
        image: {
          repository: 'syntho.azurecr.io/syntho-ray',
          tag: '2.9.3',
          pullPolicy: 'IfNotPresent',
        },
        operatorImage: {
          repository: 'syntho.azurecr.io/syntho-ray-operator',
          tag: '1.4.0',
        },
        head: {
          rayStartParams: { 'dashboard-host': '0.0.0.0', block: 'true' },
          containerEnv: [
            { name: 'RAY_SCHEDULER_SPREAD_THRESHOLD', value: '0.0' },
          ],
          resources: {
            limits: { cpu: '16', memory: '64G' },
            requests: { cpu: '16', memory: '64G' },
          },
        },
        worker: { disabled: true },
        additionalWorkerGroups: {
          workergroup: {
            disabled: false,
            replicas: 1,
            minReplicas: 1,
            maxReplicas: 1,
          },
        },
        storage: { storageClassName: 'default', accessMode: 'ReadWriteMany' },
      });
      expect(file('values.yaml')).toMatch(
        /^# Syntho Ray cluster "ray-cluster" in syntho on aks\./,
      );
      expect(file('values.yaml')).toContain(
        '# Shared volume mounted by every Ray pod',
      );
      expect(file('values.yaml')).not.toMatch(/[&*]a\d/);
    });

    it('writes the license as an argocd-vault-plugin placeholder for Argo CD', () => {
      expect(render().yaml('values.yaml').SynthoLicense).toBe(
        '<path:secret/data/syntho#license_key>',
      );
    });

    it('leaves the license to the HelmRelease for Flux', () => {
      const { yaml } = render({}, { gitops: { engine: 'flux' } });

      expect(yaml('values.yaml')).not.toHaveProperty('SynthoLicense');
      expect(yaml('helmrelease.yaml').spec.valuesFrom).toEqual([
        {
          kind: 'ConfigMap',
          name: 'ray-cluster-ray-values',
          valuesKey: 'values.yaml',
        },
        {
          kind: 'Secret',
          name: 'syntho-license',
          valuesKey: 'license_key',
          targetPath: 'SynthoLicense',
        },
      ]);
    });

    it('lets request env replace the default variable and adds extra volumes to every pod', () => {
      const values = render({
        head: {
          env: [{ name: 'RAY_SCHEDULER_SPREAD_THRESHOLD', value: '0.5' }],
        },
        volumes: [{ name: 'data', mountPath: '/data', configMap: 'data' }],
      }).yaml('values.yaml');

      expect(values.head.containerEnv).toEqual([
        { name: 'RAY_SCHEDULER_SPREAD_THRESHOLD', value: '0.5' },
      ]);
      for (const pod of [
        values.head,
        values.additionalWorkerGroups.workergroup,
      ]) {
        expect(pod.volumes).toEqual([
          { name: 'log-volume', emptyDir: {} },
          { name: 'data', configMap: { name: 'data' } },
        ]);
        expect(pod.volumeMounts).toContainEqual({
          mountPath: '/data',
          name: 'data',
        });
      }
    });

    it('writes GPUs as nvidia.com/gpu limits and requests', () => {
      const values = render(
        {
          workerGroups: [
            { name: 'gpu', replicas: 1, cpu: '8', memory: '32G', gpu: 2 },
          ],
        },
        { limits: { maxTotalGpu: 2 } },
      ).yaml('values.yaml');

      expect(values.additionalWorkerGroups.gpu.resources).toEqual({
        limits: { cpu: '8', memory: '32G', 'nvidia.com/gpu': 2 },
        requests: { cpu: '8', memory: '32G', 'nvidia.com/gpu': 2 },
      });
    });
  });

  describe('values.yaml for chart 1.14.0', () => {
    it('nests values under the subcharts and reads the license from the named Secret', () => {
      const values = render({
        chartProfile: 'deployment-tools-1.14.0',
        license: { secretName: 'license', secretKey: 'key' },
      }).yaml('values.yaml');

      expect(values.manualSecretName).toBe('license');
      expect(values).not.toHaveProperty('SynthoLicense');
      expect(values['kuberay-operator'].image.tag).toBe('1.4.0');
      expect(values['ray-cluster']).toMatchObject({
        fullnameOverride: 'ray-cluster',
        common: {
          containerEnv: [
            {
              name: 'LICENSE_KEY_SIGNED',
              valueFrom: { secretKeyRef: { name: 'license', key: 'key' } },
            },
          ],
        },
        worker: { disabled: true },
      });
      expect(
        values['ray-cluster'].additionalWorkerGroups.workergroup.volumes,
      ).toHaveLength(3);
    });
  });

  describe('Argo CD', () => {
    it('installs the chart without CRDs and applies the CRDs with Replace=true', () => {
      const { yaml } = render(
        {},
        { gitops: { repoUrl: 'github.com?owner=acme&repo=gitops' } },
      );
      const application = yaml('application.yaml');
      const crds = yaml('crds-application.yaml');

      expect(application.spec.sources[0].helm).toEqual({
        releaseName: 'ray-cluster',
        valueFiles: ['$values/clusters/aks/syntho/ray-cluster/values.yaml'],
        skipCrds: true,
      });
      expect(application.spec.sources[1]).toEqual({
        repoURL: 'https://github.com/acme/gitops.git',
        targetRevision: 'main',
        ref: 'values',
      });
      expect(application.spec.destination).toEqual({
        name: 'aks',
        namespace: 'syntho',
      });
      expect(crds.spec.syncPolicy.syncOptions).toEqual(['Replace=true']);
      expect(crds.spec.source.path).toBe('helm/ray/crds');
    });
  });

  describe('Flux', () => {
    it('generates the values ConfigMap and takes no license Secret for chart 1.14.0', () => {
      const { yaml } = render(
        { chartProfile: 'deployment-tools-1.14.0' },
        { gitops: { engine: 'flux' } },
      );

      expect(yaml('kustomization.yaml')).toMatchObject({
        resources: ['helmrelease.yaml'],
        configMapGenerator: [
          { name: 'ray-cluster-ray-values', files: ['values.yaml'] },
        ],
      });
      expect(yaml('helmrelease.yaml').spec.valuesFrom).toHaveLength(1);
      expect(yaml('helmrelease.yaml').spec.install).toEqual({
        crds: 'CreateReplace',
      });
    });
  });

  it('adds the CRI-O pids limit of 8096 for OpenShift targets only', () => {
    expect(render().result.files.map(f => f.path)).not.toContain(
      'openshift-crio-pids-limit.yaml',
    );
    const runtimeConfig = render({ targetCluster: 'ocp' }).yaml(
      'openshift-crio-pids-limit.yaml',
    );

    expect(runtimeConfig).toMatchObject({
      apiVersion: 'machineconfiguration.openshift.io/v1',
      kind: 'ContainerRuntimeConfig',
      spec: { containerRuntimeConfig: { pidsLimit: 8096 } },
    });
  });

  it('describes the cluster as a Resource the status plugin can find', () => {
    const { yaml, result } = render();

    expect(yaml('catalog-info.yaml')).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'ray-cluster-syntho-aks',
        title: 'ray-cluster (syntho on aks)',
        description:
          'Syntho Ray cluster; Ray address ray-cluster-head-svc.syntho.svc.cluster.local.',
        annotations: {
          'syntho.ai/ray-cluster': 'ray-cluster',
          'syntho.ai/ray-namespace': 'syntho',
          'syntho.ai/kubernetes-cluster': 'aks',
          'syntho.ai/chart-profile': 'syntho-charts-0.4.2',
          'backstage.io/kubernetes-label-selector':
            'ray.io/cluster=ray-cluster',
          'backstage.io/kubernetes-namespace': 'syntho',
        },
        tags: ['ray', 'syntho'],
      },
      spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
    });
    expect(result.entityRef).toBe('resource:default/ray-cluster-syntho-aks');
  });

  it('keeps long entity names valid and distinct', () => {
    const long = {
      name: 'a'.repeat(50),
      namespace: 'b'.repeat(30),
      targetCluster: 'c',
    };
    const other = { ...long, targetCluster: 'd' };

    expect(entityName(long)).toHaveLength(63);
    expect(entityName(long)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(entityName(long)).not.toBe(entityName(other));
  });

  it('pins a digest as <repository>@sha256:<hex>, since the charts write <repository>:<tag>', () => {
    const hex = '0123456789'.repeat(6).concat('0123');
    const { yaml, result } = render({
      images: { rayTag: `sha256:${hex}`, operatorTag: '1.4.0' },
    });
    const values = yaml('values.yaml');

    expect(values.image).toMatchObject({
      repository: 'syntho.azurecr.io/syntho-ray@sha256',
      tag: hex,
    });
    expect(`${values.image.repository}:${values.image.tag}`).toBe(
      `syntho.azurecr.io/syntho-ray@sha256:${hex}`,
    );
    expect(values.operatorImage.tag).toBe('1.4.0');
    expect(result.pullRequest.body).toContain(
      `\`syntho.azurecr.io/syntho-ray@sha256:${hex}\``,
    );
  });

  it('quotes the strings YAML 1.1, which Helm reads, takes for booleans, numbers or dates', () => {
    const ambiguous = ['yes', 'n', 'on', 'off', 'y', '2001-12-14', '0b101'];
    const { file } = render({
      preset: 'custom',
      head: {
        cpu: '1',
        memory: '2G',
        labels: Object.fromEntries(
          ambiguous.map((value, i) => [`example.com/l${i}`, value]),
        ),
        env: ambiguous.map((value, i) => ({ name: `V${i}`, value })),
      },
      volumes: [{ name: 'y', mountPath: '/d', secret: 'yes' }],
    });
    const asHelmReadsIt = parse(file('values.yaml'), { version: '1.1' });

    expect(Object.values(asHelmReadsIt.head.labels)).toEqual(ambiguous);
    expect(
      asHelmReadsIt.head.containerEnv.slice(1).map((v: any) => v.value),
    ).toEqual(ambiguous);
    expect(asHelmReadsIt.head.volumes[1]).toEqual({
      name: 'y',
      secret: { secretName: 'yes' },
    });
    expect(parse(file('values.yaml'))).toEqual(asHelmReadsIt);
  });

  it('summarises the request for the reviewer', () => {
    const { body, title } = render({
      preset: 'custom',
      head: { cpu: '1', memory: '2G' },
      workerGroups: [
        { name: 'workergroup', replicas: 1, cpu: '16', memory: '64G' },
        {
          name: 'smallGroup',
          replicas: 1,
          minReplicas: 1,
          maxReplicas: 3,
          cpu: '4',
          memory: '8G',
        },
      ],
      images: { rayTag: 'latest', operatorTag: '1.4.0' },
    }).result.pullRequest;

    expect(title).toBe('Ray cluster ray-cluster in syntho on aks');
    expect(body).toContain(
      'Requested by `user:default/jane` for `group:default/data-science`',
    );
    expect(body).toContain('| head | 1 | 1 | 1 | 1 CPU / 2G (1.9 GiB) |');
    expect(body).toContain(
      '| `smallGroup` | 1 | 1 | 3 | 4 CPU / 8G (7.5 GiB) |',
    );
    expect(body).toContain(
      '**At most:** 29 CPU, 83.8 GiB of memory, 4 workers.',
    );
    expect(body).toContain('`ray-cluster-head-svc.syntho.svc.cluster.local`');
    expect(body).toMatch(
      /⚠️ `images.rayTag`: The Ray image tag \\"latest\\" is not pinned/,
    );
    expect(body).toContain('- `clusters/aks/syntho/ray-cluster/values.yaml`');
  });
});
