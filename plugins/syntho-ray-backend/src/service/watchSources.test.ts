// The Kubernetes stand-in lives in the test package, which this plugin does not depend on.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { KubernetesStandIn } from '../../../../test/src/standins/kubernetes';
import { ClusterKey } from './clusterKey';
import {
  detectRayApi,
  selectorQuery,
  slimmer,
  slimPod,
  SOURCES,
  sourcePath,
  sourceSelectors,
} from './watchSources';

const KEY: ClusterKey = {
  kubernetesCluster: 'aks',
  namespace: 'syntho',
  name: 'ray-cluster',
};

describe('the table of sources', () => {
  it('reads the small sources first and the pods last', () => {
    expect(SOURCES).toEqual([
      'services',
      'events',
      'deployments',
      'rayclusters',
      'pods',
    ]);
  });

  it.each([
    [
      'pods',
      '/api/v1/namespaces/syntho/pods',
      'labelSelector=ray.io%2Fcluster%3Dray-cluster',
    ],
    [
      'services',
      '/api/v1/namespaces/syntho/services',
      'labelSelector=ray.io%2Fcluster%3Dray-cluster',
    ],
    ['events', '/api/v1/namespaces/syntho/events', ''],
    [
      'deployments',
      '/apis/apps/v1/namespaces/syntho/deployments',
      'fieldSelector=metadata.name%3Dkuberay-operator',
    ],
    [
      'rayclusters',
      '/apis/ray.io/v1/namespaces/syntho/rayclusters',
      'fieldSelector=metadata.name%3Dray-cluster',
    ],
  ] as const)('reads %s at %s with %j', (source, path, query) => {
    expect(sourcePath(KEY, source, 'v1')).toBe(path);
    expect(selectorQuery(sourceSelectors(KEY, source))).toBe(query);
  });

  it('reads the RayClusters in the API version found', () => {
    expect(sourcePath(KEY, 'rayclusters', 'v1alpha1')).toBe(
      '/apis/ray.io/v1alpha1/namespaces/syntho/rayclusters',
    );
  });

  it('keeps of a pod only what the health model reads', () => {
    const pod = {
      metadata: {
        name: 'head',
        namespace: 'syntho',
        annotations: { big: 'x'.repeat(1000) },
        managedFields: [{}],
      },
      spec: {
        nodeName: 'node-1',
        containers: [
          {
            name: 'ray-head',
            image: 'ray:2.9.3',
            resources: { limits: { cpu: '1' } },
            env: [{ name: 'PASSWORD', value: 'secret' }],
            volumeMounts: [{}],
          },
        ],
        volumes: [{ name: 'secret' }],
      },
      status: { phase: 'Running' },
    };
    const slim = slimPod(pod);
    expect(JSON.stringify(slim)).not.toMatch(
      /secret|PASSWORD|managedFields|big/,
    );
    expect(slim.spec?.containers?.[0]).toEqual({
      name: 'ray-head',
      image: 'ray:2.9.3',
      resources: { limits: { cpu: '1' } },
    });
    expect(slim.status).toEqual({ phase: 'Running' });
    expect(slimmer('pods')(pod)).toEqual(slim);
  });

  it('slims events, and keeps the other sources whole', () => {
    const event = {
      metadata: { name: 'e', managedFields: [{}] },
      involvedObject: { kind: 'Pod', name: 'head', uid: 'u' },
      message: 'x'.repeat(5000),
    };
    expect(slimmer('events')(event).message).toHaveLength(2048);
    expect(slimmer('events')(event).metadata).not.toHaveProperty(
      'managedFields',
    );
    const service = { metadata: { name: 's', managedFields: [{}] } };
    expect(slimmer('services')(service)).toBe(service);
  });
});

describe('detectRayApi against the Kubernetes stand-in', () => {
  const standIn = new KubernetesStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.clearFaults();
    standIn.setResourceMissing('rayclusters', false);
    standIn.load({
      rayclusters: {
        items: [
          {
            apiVersion: 'ray.io/v1',
            kind: 'RayCluster',
            metadata: { name: 'ray-cluster', namespace: 'syntho' },
          },
          {
            apiVersion: 'ray.io/v1',
            kind: 'RayCluster',
            metadata: { name: 'another', namespace: 'syntho' },
          },
        ],
      },
    });
  });

  const get = async (path: string) => {
    const response = await fetch(`${standIn.baseUrl}${path}`);
    if (!response.ok)
      throw Object.assign(new Error(`${response.status}`), {
        statusCode: response.status,
      });
    return response.json();
  };

  it.each([
    ['kuberay-1.2', 'v1', ['v1']],
    ['kuberay-0.4', 'v1alpha1', ['v1', undefined, 'v1alpha1']],
  ] as const)(
    "finds with %s's CRD the version %s and lists its RayCluster only",
    async (crd, version, tried) => {
      standIn.setRayClusterCrd(crd);
      const trying: unknown[] = [];
      const list = await detectRayApi(KEY, get, v => trying.push(v));
      expect(trying).toEqual(tried);
      expect(
        list?.items.map((r: any) => [r.apiVersion, r.metadata.name]),
      ).toEqual([[`ray.io/${version}`, 'ray-cluster']]);
    },
  );

  it('finds nothing without the CRD, and throws what is not a 404', async () => {
    standIn.setRayClusterCrd('kuberay-1.2');
    standIn.setResourceMissing('rayclusters', true);
    const trying: unknown[] = [];
    expect(await detectRayApi(KEY, get, v => trying.push(v))).toBeUndefined();
    expect(trying).toEqual(['v1', undefined, 'v1alpha1', undefined]);

    standIn.setResourceMissing('rayclusters', false);
    standIn.fail({ path: /rayclusters/, status: 403 });
    await expect(detectRayApi(KEY, get, () => {})).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
