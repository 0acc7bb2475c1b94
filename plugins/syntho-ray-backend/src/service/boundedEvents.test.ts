import { EventBound, slimEvent } from './boundedEvents';

/** A FailedScheduling event as the scheduler writes it (events.k8s.io/v1), read through core/v1. */
const schedulerEvent = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: {
    name: 'other-app-7d9f.18a0000000000001',
    namespace: 'syntho',
    creationTimestamp: '2026-11-20T10:00:11Z',
  },
  involvedObject: { kind: 'Pod', name: 'other-app-7d9f', namespace: 'syntho' },
  reason: 'FailedScheduling',
  message: '0/3 nodes are available: 2 Insufficient cpu.',
  source: {},
  firstTimestamp: null,
  lastTimestamp: null,
  type: 'Warning',
  eventTime: '2026-11-20T10:00:11.204817Z',
  series: { count: 14, lastObservedTime: '2026-11-20T10:30:41.518260Z' },
  action: 'Scheduling',
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-aks-system-0',
};

/** A kubelet event (core/v1) about another application's pod. */
const kubeletEvent = {
  metadata: {
    name: 'other-app-5c2a.18a0000000000002',
    namespace: 'syntho',
    creationTimestamp: '2026-11-20T10:10:00Z',
  },
  involvedObject: { kind: 'Pod', name: 'other-app-5c2a' },
  reason: 'BackOff',
  type: 'Warning',
  count: 3,
  firstTimestamp: '2026-11-20T10:10:00Z',
  lastTimestamp: '2026-11-20T10:20:00Z',
  eventTime: null,
};

describe('slimEvent', () => {
  it("keeps the series of the scheduler's events, where their count and last time are", () => {
    expect(slimEvent(schedulerEvent)).toMatchObject({
      series: { count: 14, lastObservedTime: '2026-11-20T10:30:41.518260Z' },
      eventTime: '2026-11-20T10:00:11.204817Z',
    });
  });

  it('keeps only the count and time of a series', () => {
    const slim = slimEvent({
      ...schedulerEvent,
      series: { ...schedulerEvent.series, extra: 'x'.repeat(10_000) },
    });
    expect(Object.keys(slim.series!)).toEqual(['count', 'lastObservedTime']);
    expect(slimEvent({ ...schedulerEvent, series: 'odd' }).series).toBe(
      undefined,
    );
  });
});

describe('EventBound', () => {
  it('keeps the most recent event by its series time, not by when the series began', () => {
    const bound = new EventBound(1, 'ray-cluster', 'kuberay-operator');
    const kept = bound.keep([
      slimEvent(kubeletEvent),
      slimEvent(schedulerEvent),
    ]);
    expect(kept.map(e => e.reason)).toEqual(['FailedScheduling']);
  });
});
