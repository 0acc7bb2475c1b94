import { eventLastSeen, KubeEvent } from '@syntho-ray/plugin-syntho-ray-common';

/** Longest event message kept; the API server does not bound core/v1 event messages. */
const MAX_EVENT_MESSAGE = 2048;

/** The parts of an event the health model reads, so that cached events stay small. */
export function slimEvent(event: any): KubeEvent {
  return {
    metadata: {
      name: event.metadata?.name,
      namespace: event.metadata?.namespace,
      uid: event.metadata?.uid,
      resourceVersion: event.metadata?.resourceVersion,
      creationTimestamp: event.metadata?.creationTimestamp,
    },
    involvedObject: {
      kind: event.involvedObject?.kind,
      name: event.involvedObject?.name,
      namespace: event.involvedObject?.namespace,
    },
    type: event.type,
    reason: event.reason,
    message:
      typeof event.message === 'string'
        ? event.message.slice(0, MAX_EVENT_MESSAGE)
        : undefined,
    count: event.count,
    firstTimestamp: event.firstTimestamp,
    lastTimestamp: event.lastTimestamp,
    eventTime: event.eventTime,
    // What events.k8s.io/v1 writers such as the scheduler count and date repeats in.
    ...(event.series &&
      typeof event.series === 'object' && {
        series: {
          count: event.series.count,
          lastObservedTime: event.series.lastObservedTime,
        },
      }),
  };
}

/** An event's last time in ms, from either event shape (their strings do not sort together). */
function timeOf(event: KubeEvent): number {
  return Date.parse(eventLastSeen(event) ?? '') || 0;
}

/**
 * Decides which events a watch keeps when its namespace has more than `max`: those about the Ray
 * cluster's own objects (named after it) and its operator before the others, newer before older.
 * A namespace shared with a noisy application then neither grows the cache without bound nor
 * pushes the Ray cluster's own warnings out.
 */
export class EventBound {
  constructor(
    private readonly max: number,
    private readonly rayClusterName: string,
    private readonly operatorName: string,
  ) {}

  /** The events of a list worth keeping, at most `max`. */
  keep(events: KubeEvent[]): KubeEvent[] {
    if (events.length <= this.max) return events;
    return [...events]
      .sort(
        (a, b) =>
          Number(this.isOwn(b)) - Number(this.isOwn(a)) ||
          timeOf(b) - timeOf(a),
      )
      .slice(0, this.max);
  }

  /**
   * The cached event to drop so that `incoming` fits, or undefined when there is room (or when
   * `incoming` matters less than every cached event: then it is the one not kept).
   */
  victim(cached: KubeEvent[], incoming: KubeEvent): KubeEvent | undefined {
    if (cached.length < this.max) return undefined;
    let victim: KubeEvent | undefined;
    for (const event of cached) {
      if (!victim || this.lessImportant(event, victim)) victim = event;
    }
    return victim && this.lessImportant(incoming, victim) ? incoming : victim;
  }

  private isOwn(event: KubeEvent) {
    const name = event.involvedObject.name ?? '';
    return (
      name === this.rayClusterName ||
      name.startsWith(`${this.rayClusterName}-`) ||
      name === this.operatorName
    );
  }

  private lessImportant(a: KubeEvent, b: KubeEvent) {
    const own = Number(this.isOwn(a)) - Number(this.isOwn(b));
    return own < 0 || (own === 0 && timeOf(a) < timeOf(b));
  }
}
