import { KubeConfig, ListWatch } from '@kubernetes/client-node';
// The Kubernetes stand-in lives in the test package, which this plugin does not depend on.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { KubernetesStandIn } from '../../../../test/src/standins/kubernetes';
import { EventBound } from './boundedEvents';
import {
  createInformer,
  InformerOptions,
  passBoundedEvent,
  retryDelay,
} from './Informer';
import { SourceStates } from './sourceStates';
import { Source } from './watchSources';

const standIn = new KubernetesStandIn();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());

function pod(name: string, cluster = 'ray-cluster') {
  return {
    metadata: {
      name,
      namespace: 'syntho',
      labels: { 'ray.io/cluster': cluster },
    },
    spec: {
      containers: [
        {
          name: 'ray-head',
          image: 'rayproject/ray:2.9.3',
          env: [{ name: 'SECRET', value: 'x' }],
        },
      ],
    },
    status: { phase: 'Running' },
  };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** An informer of the pods of `ray-cluster` in the stand-in, with what it reported. */
function podInformer(overrides: Partial<InformerOptions> = {}) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: 'standin', server: standIn.baseUrl, skipTLSVerify: true },
    ],
    users: [{ name: 'user' }],
    contexts: [{ name: 'standin', cluster: 'standin', user: 'user' }],
    currentContext: 'standin',
  });
  const reported = { healthy: 0, changes: 0, errors: [] as unknown[] };
  const states = new SourceStates();
  const own: { informer?: ListWatch<any> } = {};
  const informer = createInformer({
    source: 'pods' as Source,
    path: '/api/v1/namespaces/syntho/pods',
    selectors: { labelSelector: 'ray.io/cluster=ray-cluster' },
    kubeConfig,
    namespace: 'syntho',
    watchTimeoutSeconds: 60,
    get: async path => {
      const response = await fetch(`${standIn.baseUrl}${path}`);
      if (!response.ok)
        throw Object.assign(new Error(`${response.status}`), {
          statusCode: response.status,
        });
      return response.json();
    },
    eventBound: new EventBound(1000, 'ray-cluster', 'kuberay-operator'),
    eventsCache: () => undefined,
    watchGate: Promise.resolve(),
    states,
    onHealthy: () => {
      reported.healthy += 1;
    },
    isCurrent: candidate => candidate === own.informer,
    onChange: () => {
      reported.changes += 1;
    },
    onError: error => {
      reported.errors.push(error);
    },
    ...overrides,
  });
  own.informer = informer;
  const names = () =>
    informer
      .list('syntho')
      .map(p => p.metadata.name)
      .sort();
  return { informer, reported, names, states };
}

describe('createInformer against the Kubernetes stand-in', () => {
  beforeEach(() => {
    standIn.clearFaults();
    standIn.load({ pods: { items: [pod('head'), pod('other', 'other')] } });
  });

  it('lists with its selectors, keeps slimmed objects and follows the watch', async () => {
    const { informer, reported, names } = podInformer();
    await informer.start();
    await until(() => standIn.openWatches() > 0, 'the watch');

    expect(names()).toEqual(['head']);
    expect(reported.healthy).toBe(1);
    const cached = informer.get('head', 'syntho') as any;
    expect(cached.spec.containers[0]).toEqual({
      name: 'ray-head',
      image: 'rayproject/ray:2.9.3',
      resources: undefined,
    });
    const watch = standIn.requests.find(
      r => r.watch && r.path === '/api/v1/namespaces/syntho/pods',
    );
    expect(new URLSearchParams(watch!.query).get('timeoutSeconds')).toBe('60');

    standIn.apply('pods', pod('worker'));
    await until(() => names().length === 2, 'the added pod');
    expect(reported.changes).toBeGreaterThan(0);
    expect(informer.get('worker', 'syntho')).not.toHaveProperty(
      'spec.containers.0.env',
    );
    await informer.stop();
  });

  it('resumes a dropped watch, and lists again after the history it resumes from is gone', async () => {
    const { informer, names } = podInformer();
    await informer.start();
    await until(() => standIn.openWatches() > 0, 'the watch');
    const lists = () =>
      standIn.requests.filter(
        r => !r.watch && r.path === '/api/v1/namespaces/syntho/pods',
      ).length;
    const listsBefore = lists();

    standIn.dropWatches();
    standIn.apply('pods', pod('worker'));
    await until(() => names().length === 2, 'the pod added while dropped');
    expect(lists()).toBe(listsBefore);

    standIn.dropWatches();
    standIn.remove('pods', 'syntho', 'worker');
    standIn.compact();
    await until(() => names().length === 1, 'the relist');
    expect(lists()).toBe(listsBefore + 1);
    await informer.stop();
  });

  it('reports a failed list, and nothing once it is no longer the source’s informer', async () => {
    standIn.fail({ path: /\/pods$/, status: 503, watch: false });
    const first = podInformer();
    await first.informer.start();
    await until(() => first.reported.errors.length > 0, 'the error');
    expect(first.reported.errors[0]).toMatchObject({ statusCode: 503 });
    expect(first.reported.healthy).toBe(0);

    const replaced = podInformer({ isCurrent: () => false });
    await replaced.informer.start();
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(replaced.reported.errors).toEqual([]);
    expect(replaced.reported.changes).toBe(0);
  });

  it('opens its watch only after the gate, and notes the list in the source states', async () => {
    let open!: () => void;
    const watchGate = new Promise<void>(resolve => {
      open = resolve;
    });
    const { informer, reported, states } = podInformer({ watchGate });
    const watches = () => standIn.requests.filter(r => r.watch).length;
    const watchesBefore = watches();
    const started = informer.start();
    await until(() => reported.healthy === 1, 'the list');
    expect(states.takeListed('pods')).toBe(false);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(watches()).toBe(watchesBefore);
    open();
    await started;
    expect(watches()).toBe(watchesBefore + 1);
    await informer.stop();
  });
});

describe('passBoundedEvent', () => {
  const event = (name: string, minute: number) => ({
    metadata: { name, namespace: 'syntho', resourceVersion: String(minute) },
    involvedObject: { kind: 'Pod', name: `other-${name}` },
    lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  });

  function cacheOf(events: any[]) {
    return {
      get: (name: string) => events.find(e => e.metadata.name === name),
      list: () => events,
    } as unknown as ListWatch<any>;
  }

  it('drops the oldest cached event for a newer one when the cache is full', () => {
    const passed: Array<[string, string]> = [];
    passBoundedEvent(
      new EventBound(2, 'ray-cluster', 'kuberay-operator'),
      cacheOf([event('a', 1), event('b', 2)]),
      'syntho',
      'ADDED',
      event('c', 3) as any,
      {},
      (phase, object) => passed.push([phase, object.metadata.name]),
    );
    expect(passed).toEqual([
      ['DELETED', 'a'],
      ['ADDED', 'c'],
    ]);
  });

  it('passes an event older than every cached one as a bookmark only', () => {
    const passed: Array<[string, any]> = [];
    passBoundedEvent(
      new EventBound(2, 'ray-cluster', 'kuberay-operator'),
      cacheOf([event('a', 5), event('b', 6)]),
      'syntho',
      'ADDED',
      event('c', 1) as any,
      {},
      (phase, object) => passed.push([phase, object]),
    );
    expect(passed).toEqual([
      ['BOOKMARK', { metadata: { resourceVersion: '1' } }],
    ]);
  });

  it('passes events as they are while there is room, and updates of cached ones', () => {
    const passed: string[] = [];
    const bound = new EventBound(2, 'ray-cluster', 'kuberay-operator');
    passBoundedEvent(
      bound,
      cacheOf([event('a', 1)]),
      'syntho',
      'ADDED',
      event('b', 0) as any,
      {},
      phase => passed.push(phase),
    );
    passBoundedEvent(
      bound,
      cacheOf([event('a', 1), event('b', 2)]),
      'syntho',
      'MODIFIED',
      event('a', 0) as any,
      {},
      phase => passed.push(phase),
    );
    expect(passed).toEqual(['ADDED', 'MODIFIED']);
  });
});

describe('retryDelay', () => {
  it('doubles from 250 ms to at most 2 s, drawn from the upper half', () => {
    expect([1, 2, 3, 4, 5].map(a => retryDelay(a, () => 0))).toEqual([
      125, 250, 500, 1000, 1000,
    ]);
    expect(retryDelay(3, () => 0.5)).toBe(750);
  });
});
