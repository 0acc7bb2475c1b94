// The Kubernetes stand-in lives in the test package, which this plugin does not depend on.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { KubernetesStandIn } from '../../../../test/src/standins/kubernetes';
import { KubePod } from '@syntho-ray/plugin-syntho-ray-common';
import {
  DashboardReader,
  DashboardReaderOptions,
  MIN_DASHBOARD_REREAD_MS,
  podHealthFingerprint,
} from './dashboardReader';
import { Scheduler } from './scheduler';

const KEY = {
  kubernetesCluster: 'aks',
  namespace: 'syntho',
  name: 'ray-cluster',
};

function pod(name: string, ready: boolean, restartCount = 0): KubePod {
  return {
    metadata: { name },
    status: {
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: [{ name: 'ray', restartCount } as any],
    },
  };
}

function reader(overrides: Partial<DashboardReaderOptions>) {
  const changes = { count: 0 };
  const options: DashboardReaderOptions = {
    key: KEY,
    get: async () => ({}),
    rayCluster: () => undefined,
    service: name =>
      name === 'ray-cluster-head-svc' ? { metadata: { name } } : undefined,
    scheduler: new Scheduler(() => false),
    onChange: () => {
      changes.count += 1;
    },
    ...overrides,
  };
  return { read: new DashboardReader(options), changes };
}

describe('DashboardReader against the Kubernetes stand-in', () => {
  const standIn = new KubernetesStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());

  const get = async (path: string) => {
    const response = await fetch(`${standIn.baseUrl}${path}`);
    if (!response.ok)
      throw new Error(`${response.status} ${response.statusText}`);
    return response.json();
  };

  it('reads the dashboard through the head Service proxy', async () => {
    standIn.setDashboard('syntho', 'ray-cluster-head-svc', {
      '/api/version': { ray_version: '2.9.3' },
    });
    const { read, changes } = reader({ get });
    await read.read();
    expect(read.current).toMatchObject({
      reachable: true,
      rayVersion: '2.9.3',
    });
    expect(read.current?.readAt).toBeDefined();
    expect(changes.count).toBe(1);
    expect(standIn.requests.map(r => r.path)).toContain(
      '/api/v1/namespaces/syntho/services/ray-cluster-head-svc:dashboard/proxy/api/version',
    );
  });

  it('says why a dashboard without endpoints cannot be read', async () => {
    standIn.setDashboard('syntho', 'ray-cluster-head-svc');
    const { read } = reader({ get });
    await read.read();
    expect(read.current).toMatchObject({
      reachable: false,
      error: '503 Service Unavailable',
    });
  });

  it('reads through the Service KubeRay reports, and has no reading without it', async () => {
    const requests = standIn.requests.length;
    const { read, changes } = reader({
      get,
      rayCluster: () =>
        ({
          metadata: { name: 'ray-cluster' },
          status: { head: { serviceName: 'ray-cluster-head' } },
        } as any),
    });
    await read.read();
    expect(read.current).toBeUndefined();
    expect(changes.count).toBe(0);
    expect(standIn.requests.length).toBe(requests);
  });
});

describe('DashboardReader rereads', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('reads again when the pods change, one read at once and reads 2 s apart', async () => {
    const reads: string[] = [];
    let answer: (() => void) | undefined;
    const { read } = reader({
      get: async path => {
        reads.push(path);
        if (path.endsWith('/api/version'))
          await new Promise<void>(resolve => {
            answer = resolve;
          });
        return {};
      },
    });
    const versionReads = () =>
      reads.filter(p => p.endsWith('/api/version')).length;

    read.notePods([pod('head', true)]);
    expect(read.podsChangedAt).toBeUndefined();
    const first = read.read();
    read.read();
    expect(versionReads()).toBe(1);
    answer!();
    await first;

    // Changed within 2 s of the last read: the next waits out the rest of them, once.
    await jest.advanceTimersByTimeAsync(500);
    read.notePods([pod('head', false)]);
    read.notePods([pod('head', false, 1)]);
    expect(read.podsChangedAt).toBeDefined();
    await jest.advanceTimersByTimeAsync(MIN_DASHBOARD_REREAD_MS - 501);
    expect(versionReads()).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(versionReads()).toBe(2);
    answer!();
    await jest.advanceTimersByTimeAsync(0);

    // Unchanged: no read; changed long after the last read: read at once.
    read.notePods([pod('head', false, 1)]);
    await jest.advanceTimersByTimeAsync(MIN_DASHBOARD_REREAD_MS);
    expect(versionReads()).toBe(2);
    read.notePods([pod('head', true, 1)]);
    expect(versionReads()).toBe(3);
    answer!();
  });

  it('reads nothing once its watch has stopped', async () => {
    const get = jest.fn(async () => ({}));
    const { read } = reader({ get, scheduler: new Scheduler(() => true) });
    await read.read();
    expect(get).not.toHaveBeenCalled();
  });
});

describe('podHealthFingerprint', () => {
  it('changes with readiness, restarts, deletion and which pods exist, not with their order', () => {
    const base = podHealthFingerprint([pod('a', true), pod('b', true)]);
    expect(podHealthFingerprint([pod('b', true), pod('a', true)])).toBe(base);
    for (const changed of [
      [pod('a', false), pod('b', true)],
      [pod('a', true, 1), pod('b', true)],
      [pod('a', true)],
      [
        pod('a', true),
        { ...pod('b', true), metadata: { name: 'b', deletionTimestamp: 'x' } },
      ],
    ])
      expect(podHealthFingerprint(changed)).not.toBe(base);
  });
});
