import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ClusterKey, ClusterWatch } from './ClusterWatch';
import { retryDelay } from './Informer';
import { KubernetesApiError, KubernetesProxyApi } from './KubernetesProxyApi';

const KEY: ClusterKey = {
  kubernetesCluster: 'aks',
  namespace: 'syntho',
  name: 'ray-cluster',
};

type WatchCallback = (phase: string, object: any, raw: any) => void;

/**
 * A Kubernetes API behind a fake proxy client: lists answer from `lists` (empty by default),
 * `/version` from `version`, and watches open and stay silent until the test calls their callback.
 */
function fakeCluster(
  options: {
    version?: () => Promise<unknown>;
    lists?: Record<string, () => Promise<{ items: unknown[] }>>;
  } = {},
) {
  const requests: string[] = [];
  const watches = new Map<string, WatchCallback>();
  jest
    .spyOn(Watch.prototype, 'watch')
    .mockImplementation(async (path, _query, callback) => {
      watches.set(path, callback as WatchCallback);
      return new AbortController();
    });
  const api = {
    kubeConfig: jest.fn(async () => new KubeConfig()),
    get: jest.fn(async (_cluster: string, path: string) => {
      requests.push(path);
      if (path === '/version')
        return options.version ? options.version() : { major: '1' };
      const resource = /\/([a-z]+)(\?|$)/.exec(path)?.[1] ?? '';
      const list = options.lists?.[resource];
      const answer = list ? await list() : { items: [] };
      return { ...answer, metadata: { resourceVersion: '10' } };
    }),
  };
  return { api, requests, watches };
}

/** A Ray pod of `group`, running, ready or not. */
function rayPod(name: string, group: string, ready: boolean) {
  return {
    metadata: {
      name,
      namespace: 'syntho',
      uid: name,
      resourceVersion: ready ? '11' : '12',
      labels: {
        'ray.io/cluster': 'ray-cluster',
        'ray.io/node-type': group === 'head' ? 'head' : 'worker',
        'ray.io/group': group === 'head' ? 'headgroup' : group,
      },
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [
        { name: 'ray-head', ready, restartCount: 0, state: { running: {} } },
      ],
    },
  };
}

function watchOf(
  api: unknown,
  options: Partial<ConstructorParameters<typeof ClusterWatch>[1]> = {},
) {
  return new ClusterWatch(KEY, {
    api: api as KubernetesProxyApi,
    logger: mockServices.logger.mock(),
    livenessMs: 1000,
    dashboardPollMs: 3_600_000,
    ...options,
  });
}

describe('ClusterWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('tells viewers why it cannot reach the Kubernetes plugin, and keeps trying', async () => {
    const api = {
      kubeConfig: jest
        .fn()
        .mockRejectedValue(new Error('No plugin kubernetes in discovery')),
      get: jest.fn().mockRejectedValue(new Error('not reached')),
    };
    const watch = watchOf(api);

    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    await watch.ready();
    const summary = JSON.parse(watch.summaryJson());

    expect(summary.verdict).toBe('Unknown');
    expect(summary.diagnoses[0]).toMatchObject({
      id: 'api-unreachable',
      message: 'No plugin kubernetes in discovery',
    });
    expect(api.kubeConfig).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2000);
    const attempts = api.kubeConfig.mock.calls.length;
    expect(attempts).toBeGreaterThan(1);
    watch.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.kubeConfig).toHaveBeenCalledTimes(attempts);
  });

  it('refuses a key whose names could leave the namespace in a request path', () => {
    for (const namespace of ['..', 'kube-system/pods#', '%2F', 'a\nb', ''])
      expect(() => new ClusterWatch({ ...KEY, namespace }, {} as any)).toThrow(
        /malformed/,
      );
    for (const name of ['x,metadata.name!=y', 'x=y', '../x'])
      expect(() => new ClusterWatch({ ...KEY, name }, {} as any)).toThrow(
        /malformed/,
      );
  });

  it('requests only the paths of its own namespace, with selectors for its own cluster', async () => {
    const { api, requests, watches } = fakeCluster();
    const watch = watchOf(api);
    watch.start();
    await jest.advanceTimersByTimeAsync(1500);
    watch.stop();

    const lists = requests.filter(path => path !== '/version');
    expect(lists.length).toBeGreaterThanOrEqual(6);
    for (const path of [...lists, ...watches.keys()]) {
      const url = new URL(path, 'http://api');
      expect(url.pathname).toMatch(
        /^\/(api\/v1|apis\/apps\/v1|apis\/ray\.io\/v1)\/namespaces\/syntho\/(pods|services|events|deployments|rayclusters)$/,
      );
    }
    const selectors = lists.map(path =>
      Object.fromEntries(new URL(path, 'http://api').searchParams),
    );
    expect(selectors).toContainEqual(
      expect.objectContaining({ labelSelector: 'ray.io/cluster=ray-cluster' }),
    );
    expect(selectors).toContainEqual({
      fieldSelector: 'metadata.name=ray-cluster',
    });
  });

  it('never runs two liveness probes at once, however slow /version is', async () => {
    let answer: () => void = () => {};
    const { api, requests } = fakeCluster({
      version: () =>
        new Promise(resolve => {
          answer = () => resolve({});
        }),
    });
    const watch = watchOf(api, { livenessMs: 1000 });
    watch.start();
    const probes = () => requests.filter(path => path === '/version').length;

    await jest.advanceTimersByTimeAsync(1000);
    expect(probes()).toBe(1);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(probes()).toBe(1);

    answer();
    await jest.advanceTimersByTimeAsync(999);
    expect(probes()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(probes()).toBe(2);
    watch.stop();
  });

  it.each<[string, string | undefined, string]>([
    [
      'the head Service KubeRay reports',
      'ray-cluster-head',
      'ray-cluster-head',
    ],
    [
      'the derived name when none is reported',
      undefined,
      'ray-cluster-head-svc',
    ],
    ...[
      '../secrets',
      'x/../../secrets',
      'ray-cluster-head-svc:8443',
      'a\nb',
      '{{ .Values }}',
      'Ray-Head',
      'a'.repeat(64),
      '',
    ].map((name): [string, string, string] => [
      `the derived name instead of ${JSON.stringify(name)}`,
      name,
      'ray-cluster-head-svc',
    ]),
  ])('reads the dashboard through %s', async (_, reported, expected) => {
    const service = (name: string) => ({
      metadata: { name, namespace: 'syntho', resourceVersion: '1' },
    });
    const { api, requests } = fakeCluster({
      lists: {
        rayclusters: async () => ({
          items: [
            {
              apiVersion: 'ray.io/v1',
              kind: 'RayCluster',
              metadata: {
                name: 'ray-cluster',
                namespace: 'syntho',
                resourceVersion: '1',
              },
              status: { state: 'ready', head: { serviceName: reported } },
            },
          ],
        }),
        services: async () => ({
          items: [service('ray-cluster-head'), service('ray-cluster-head-svc')],
        }),
      },
    });
    const watch = watchOf(api);
    watch.start();
    await jest.advanceTimersByTimeAsync(1500);
    watch.stop();

    const dashboardReads = requests.filter(path =>
      path.includes(':dashboard/proxy'),
    );
    expect(dashboardReads).toContain(
      `/api/v1/namespaces/syntho/services/${expected}:dashboard/proxy/api/version`,
    );
    expect(
      dashboardReads.every(path =>
        path.startsWith(
          `/api/v1/namespaces/syntho/services/${expected}:dashboard/proxy/`,
        ),
      ),
    ).toBe(true);
  });

  it('keeps healthy sources when /version is only slow, and relists them when it fails', async () => {
    let version: () => Promise<unknown> = async () => ({});
    const { api, requests } = fakeCluster({ version: () => version() });
    const watch = watchOf(api, { livenessMs: 1000 });
    watch.start();
    await jest.advanceTimersByTimeAsync(500);
    const lists = () =>
      requests.filter(path =>
        path.startsWith('/api/v1/namespaces/syntho/services'),
      ).length;
    expect(lists()).toBe(1);

    version = async () => {
      throw new KubernetesApiError('no answer within 10 s', undefined, true);
    };
    await jest.advanceTimersByTimeAsync(5000);
    expect(lists()).toBe(1);
    expect(JSON.parse(watch.summaryJson()).diagnoses).toEqual([
      expect.objectContaining({ id: 'raycluster-missing' }),
    ]);

    version = async () => {
      throw new KubernetesApiError('connect ECONNREFUSED');
    };
    // Failed by the next probe, the sources list again after their first retry wait.
    await jest.advanceTimersByTimeAsync(1300);
    expect(lists()).toBe(2);
    watch.stop();
  });

  it('shows the counts from before the API went down as last known, with their time, until it is back', async () => {
    const head = rayPod('ray-cluster-head-x7k2p', 'head', true);
    let down = false;
    const refuse = async () => {
      throw new KubernetesApiError('connect ECONNREFUSED');
    };
    const { api } = fakeCluster({
      version: () => (down ? refuse() : Promise.resolve({})),
      lists: {
        pods: () => (down ? refuse() : Promise.resolve({ items: [head] })),
        services: () => (down ? refuse() : Promise.resolve({ items: [] })),
      },
    });
    const watch = watchOf(api, { livenessMs: 1000 });
    watch.start();
    await jest.advanceTimersByTimeAsync(500);
    expect(JSON.parse(watch.summaryJson()).head.ready).toBe(1);
    const before = new Date().toISOString();

    down = true;
    await jest.advanceTimersByTimeAsync(4000);
    const unknown = JSON.parse(watch.summaryJson());
    expect(unknown).toMatchObject({
      verdict: 'Unknown',
      head: { ready: 1, desired: 1 },
      pods: [{ name: 'ray-cluster-head-x7k2p', ready: true }],
    });
    expect(unknown.stale.observedAt >= before).toBe(true);
    expect(unknown.stale.observedAt < unknown.observedAt).toBe(true);
    expect(unknown.diagnoses.map((d: { id: string }) => d.id)).toEqual([
      'api-unreachable',
    ]);

    down = false;
    await jest.advanceTimersByTimeAsync(4000);
    const back = JSON.parse(watch.summaryJson());
    expect(back.stale).toBeUndefined();
    expect(back.head.ready).toBe(1);
    watch.stop();
  });

  it("starts from an earlier watch's last known summary when the API is down from the start", async () => {
    const refuse = async () => {
      throw new KubernetesApiError('connect ECONNREFUSED');
    };
    const earlier = watchOf(fakeCluster().api);
    earlier.start();
    await jest.advanceTimersByTimeAsync(500);
    const lastKnown = earlier.lastKnownSummary()!;
    earlier.stop();
    jest.restoreAllMocks();

    const watch = watchOf(
      fakeCluster({ version: refuse, lists: { pods: refuse } }).api,
      {
        lastKnown,
      },
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(500);
    expect(JSON.parse(watch.summaryJson())).toMatchObject({
      verdict: 'Unknown',
      stale: { observedAt: lastKnown.observedAt },
    });
    watch.stop();
  });

  it('marks the dashboard stale when a Ray pod stops being ready, and reads it again at once', async () => {
    const { api, requests, watches } = fakeCluster({
      lists: {
        pods: async () => ({
          items: [rayPod('ray-cluster-head-x7k2p', 'head', true)],
        }),
        services: async () => ({
          items: [
            {
              metadata: {
                name: 'ray-cluster-head-svc',
                namespace: 'syntho',
                resourceVersion: '1',
              },
            },
          ],
        }),
      },
    });
    const watch = watchOf(api, { dashboardPollMs: 3_600_000, debounceMs: 10 });
    watch.start();
    await jest.advanceTimersByTimeAsync(1500);
    const dashboardReads = () =>
      requests.filter(path => path.endsWith(':dashboard/proxy/api/version'))
        .length;
    expect(dashboardReads()).toBe(1);
    expect(JSON.parse(watch.summaryJson()).dashboard.stale).toBeUndefined();

    // Fake timers: the read at start and the pod change fall within the same instant unless time
    // passes between them.
    await jest.advanceTimersByTimeAsync(3000);
    api.get.mockImplementation(
      ((original: any) => async (cluster: string, path: string) => {
        if (path.includes(':dashboard/proxy/')) {
          // A dashboard that does not answer yet.
          requests.push(path);
          await new Promise(() => {});
        }
        return original(cluster, path);
      })(api.get.getMockImplementation()),
    );
    watches.get('/api/v1/namespaces/syntho/pods')!(
      'MODIFIED',
      rayPod('ray-cluster-head-x7k2p', 'head', false),
      {},
    );
    await jest.advanceTimersByTimeAsync(50);
    expect(dashboardReads()).toBe(2);
    // The new reading has not arrived: the old one is marked.
    expect(JSON.parse(watch.summaryJson()).dashboard.stale).toBe(true);
    watch.stop();
  });

  it('retries a failing list after doubling waits, each drawn from the upper half', async () => {
    const { api } = fakeCluster({
      lists: {
        services: async () => {
          throw new KubernetesApiError('503 Service Unavailable', 503);
        },
      },
    });
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const watch = watchOf(api, { livenessMs: 3_600_000 });
    const times: number[] = [];
    const start = Date.now();
    api.get.mockImplementation(
      ((original: any) => async (cluster: string, path: string) => {
        if (path.includes('/services')) times.push(Date.now() - start);
        return original(cluster, path);
      })(api.get.getMockImplementation()),
    );
    watch.start();
    await jest.advanceTimersByTimeAsync(10_000);
    watch.stop();

    const waits = times.slice(1).map((t, i) => t - times[i]);
    // Three quarters of 250, 500, 1000, 2000 ms, then of 2000 ms on; each wait also includes
    // the few ms the fake list takes.
    const expected = [187.5, 375, 750, 1500, 1500, 1500];
    expect(waits.length).toBeGreaterThanOrEqual(expected.length);
    expected.forEach((wait, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(Math.floor(wait));
      expect(waits[i]).toBeLessThan(wait + 20);
    });
  });

  it("keeps at most maxCachedEvents events, its own cluster's before others, newest first", async () => {
    const event = (name: string, object: string, minute: number) => ({
      metadata: { name, namespace: 'syntho', resourceVersion: String(minute) },
      involvedObject: { kind: 'Pod', name: object },
      type: 'Warning',
      reason: 'BackOff',
      message: 'x'.repeat(10_000),
      lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    });
    const noise = Array.from({ length: 500 }, (_, i) =>
      event(`noise-${i}`, `other-app-${i}`, 100 + i),
    );
    const own = Array.from({ length: 5 }, (_, i) =>
      event(`own-${i}`, `ray-cluster-head-${i}`, i),
    );
    const { api, watches } = fakeCluster({
      lists: { events: async () => ({ items: [...noise, ...own] }) },
    });
    const watch = watchOf(api, { maxCachedEvents: 50 });
    watch.start();
    await jest.advanceTimersByTimeAsync(500);
    const cached = () =>
      (watch as any).informers.get('events').list('syntho') as Array<any>;

    expect(cached()).toHaveLength(50);
    expect(
      cached().filter(e => e.metadata.name.startsWith('own-')),
    ).toHaveLength(5);
    expect(cached().every(e => e.message.length <= 2048)).toBe(true);
    expect(cached().map(e => e.metadata.name)).toContain('noise-499');
    expect(cached().map(e => e.metadata.name)).not.toContain('noise-400');

    const onWatch = watches.get('/api/v1/namespaces/syntho/events')!;
    for (let i = 0; i < 1000; i++)
      onWatch('ADDED', event(`later-${i}`, `other-app-${i}`, 1000 + i), {});
    onWatch('ADDED', event('own-late', 'ray-cluster-worker-x', 0), {});
    expect(cached()).toHaveLength(50);
    const names = cached().map(e => e.metadata.name);
    expect(names.filter(n => n.startsWith('own-'))).toHaveLength(6);
    expect(names).toContain('later-999');
    expect(names).not.toContain('noise-499');
    watch.stop();
  });
});

describe('retryDelay', () => {
  it.each([
    [1, 125, 250],
    [2, 250, 500],
    [3, 500, 1000],
    [4, 1000, 2000],
    [5, 1000, 2000],
    [30, 1000, 2000],
  ])('waits between the bounds before attempt %i', (attempt, low, high) => {
    expect(retryDelay(attempt, () => 0)).toBe(low);
    expect(retryDelay(attempt, () => 0.999999)).toBeCloseTo(high, 0);
  });
});
