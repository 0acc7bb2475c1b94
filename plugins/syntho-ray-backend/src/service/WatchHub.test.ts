import { ClusterKey, ClusterWatch } from './ClusterWatch';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { WatchHub } from './WatchHub';

const key: ClusterKey = {
  kubernetesCluster: 'aks',
  namespace: 'syntho',
  name: 'ray-cluster',
};

function hub(maxWatches?: number) {
  const created: Array<{
    start: jest.Mock;
    stop: jest.Mock;
    lastKnownSummary: jest.Mock;
    startedFrom?: RayClusterSummary;
  }> = [];
  const watchHub = new WatchHub({
    lingerMs: 1000,
    maxWatches,
    create: (_key, lastKnown) => {
      const watch = {
        start: jest.fn(),
        stop: jest.fn(),
        lastKnownSummary: jest.fn(),
        startedFrom: lastKnown,
      };
      created.push(watch);
      return watch as unknown as ClusterWatch;
    },
  });
  return { watchHub, created };
}

describe('WatchHub', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("starts a cluster's next watch from what its stopped watch last knew", () => {
    const { watchHub, created } = hub();
    const known = { verdict: 'Ready' } as RayClusterSummary;
    watchHub.acquire(key).release();
    created[0].lastKnownSummary.mockReturnValue(known);
    jest.advanceTimersByTime(1000);
    expect(created[0].stop).toHaveBeenCalled();

    watchHub.acquire({ ...key, namespace: 'other' });
    watchHub.acquire(key);
    expect(created[1].startedFrom).toBeUndefined();
    expect(created[2].startedFrom).toBe(known);
    // Handed on once: the new watch keeps it from then on.
    watchHub.stopAll();
    created[2].lastKnownSummary.mockReturnValue(undefined);
    watchHub.acquire(key);
    expect(created[3].startedFrom).toBeUndefined();
  });

  it('shares one watch among all viewers of a cluster', () => {
    const { watchHub, created } = hub();

    const leases = Array.from({ length: 50 }, () => watchHub.acquire(key));
    watchHub.acquire({ ...key, namespace: 'other' });

    expect(created).toHaveLength(2);
    expect(new Set(leases.map(l => l.watch)).size).toBe(1);
    expect(created[0].start).toHaveBeenCalledTimes(1);
  });

  it('keeps the watch for the linger time after the last viewer, then stops it', () => {
    const { watchHub, created } = hub();
    const first = watchHub.acquire(key);
    const second = watchHub.acquire(key);

    first.release();
    first.release();
    jest.advanceTimersByTime(5000);
    expect(created[0].stop).not.toHaveBeenCalled();

    second.release();
    jest.advanceTimersByTime(999);
    expect(created[0].stop).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(created[0].stop).toHaveBeenCalledTimes(1);
    watchHub.acquire(key);
    expect(created).toHaveLength(2);
  });

  it('reuses a lingering watch when a viewer comes back in time', () => {
    const { watchHub, created } = hub();
    watchHub.acquire(key).release();
    jest.advanceTimersByTime(500);

    const again = watchHub.acquire(key);
    jest.advanceTimersByTime(5000);

    expect(created).toHaveLength(1);
    expect(created[0].stop).not.toHaveBeenCalled();
    again.release();
    jest.advanceTimersByTime(1000);
    expect(created[0].stop).toHaveBeenCalledTimes(1);
  });

  it('ends the oldest lingering watch to make room for a new one beyond maxWatches', () => {
    const { watchHub, created } = hub(2);
    const first = watchHub.acquire(key);
    watchHub.acquire({ ...key, name: 'second' });
    first.release();

    watchHub.acquire({ ...key, name: 'third' });

    expect(created).toHaveLength(3);
    expect(created[0].stop).toHaveBeenCalledTimes(1);
    expect(watchHub.size).toBe(2);
  });

  it('refuses a new watch beyond maxWatches with 429 while every watch has viewers', () => {
    const { watchHub, created } = hub(2);
    watchHub.acquire(key);
    watchHub.acquire({ ...key, name: 'second' });

    expect(() => watchHub.acquire({ ...key, name: 'third' })).toThrow(
      expect.objectContaining({
        name: 'TooManyRequestsError',
        statusCode: 429,
        message: expect.stringContaining('synthoRay.status.maxWatchedClusters'),
      }),
    );
    expect(created).toHaveLength(2);
    // A viewer of a watched cluster is not refused.
    expect(watchHub.acquire(key).watch).toBe(created[0]);
  });
});
