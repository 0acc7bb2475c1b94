import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventCount, eventLastSeen } from './events';
import { KubeEvent } from './kubernetes';

const metadata = { name: 'e.1', creationTimestamp: '2026-11-20T10:00:00Z' };
const involvedObject = { kind: 'Pod', name: 'ray-cluster-head-x7k2p' };

describe('eventCount and eventLastSeen', () => {
  it('read a core/v1 event (the kubelet shape)', () => {
    const event: KubeEvent = {
      metadata,
      involvedObject,
      count: 7,
      firstTimestamp: '2026-11-20T10:01:00Z',
      lastTimestamp: '2026-11-20T10:07:40Z',
      eventTime: null,
    };
    expect(eventCount(event)).toBe(7);
    expect(eventLastSeen(event)).toBe('2026-11-20T10:07:40Z');
  });

  it('read an events.k8s.io/v1 event as core/v1 shows it (the scheduler shape)', () => {
    const { events } = JSON.parse(
      readFileSync(
        join(__dirname, '__fixtures__', 'unschedulable-workers.json'),
        'utf8',
      ),
    );
    const [scheduler] = events.items as KubeEvent[];
    expect(scheduler).toMatchObject({
      reportingComponent: 'default-scheduler',
      firstTimestamp: null,
      lastTimestamp: null,
    });
    expect(scheduler.count).toBeUndefined();
    expect(eventCount(scheduler)).toBe(14);
    expect(eventLastSeen(scheduler)).toBe('2026-11-20T10:06:41.518260Z');
  });

  it('read a single events.k8s.io/v1 event, which has no series yet', () => {
    const event: KubeEvent = {
      metadata,
      involvedObject,
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: '2026-11-20T10:00:11.204817Z',
      series: null,
    };
    expect(eventCount(event)).toBe(1);
    expect(eventLastSeen(event)).toBe('2026-11-20T10:00:11.204817Z');
  });

  it.each<[string, Partial<KubeEvent>]>([
    ['a count that is a string', { count: '14' as unknown as number }],
    ['a negative count', { count: -3 }],
    ['a fractional count', { count: 1.5 }],
    ['a series that is not an object', { series: 'x' as any }],
    ['a series count of {}', { series: { count: {} as unknown as number } }],
    ['empty times', { lastTimestamp: '', eventTime: '' }],
    [
      'times that are no API times',
      {
        lastTimestamp: '2026-11-20T10:07:40Z\n{{ x }}',
        eventTime: 'yesterday',
        series: { lastObservedTime: '2026-11-20 10:07:40' },
      },
    ],
  ])('ignore %s', (_, odd) => {
    const event = { metadata, involvedObject, ...odd } as KubeEvent;
    expect(eventCount(event)).toBe(1);
    expect(eventLastSeen(event)).toBe('2026-11-20T10:00:00Z');
  });
});
