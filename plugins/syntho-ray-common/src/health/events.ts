import { KubeEvent } from './kubernetes';

/*
 * An event has one of two shapes when read through core/v1. Writers of core/v1 (the kubelet, most
 * controllers) set `count`, `firstTimestamp` and `lastTimestamp`. Writers of events.k8s.io/v1 (the
 * scheduler) set `eventTime` and, from the first repeat on, `series.count` and
 * `series.lastObservedTime`; the API server maps only their `deprecatedCount` and
 * `deprecated*Timestamp` to `count` and `*Timestamp`, which such writers leave empty
 * (kubernetes/kubernetes pkg/apis/events/v1/conversion.go; client-go tools/events
 * event_broadcaster.go, which starts a series at count 2).
 */

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : undefined;
}

/** An RFC 3339 time as the API writes them: seconds for core/v1, microseconds for MicroTime. */
const API_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function time(value: unknown): string | undefined {
  return typeof value === 'string' && API_TIME.test(value) ? value : undefined;
}

/**
 * How often an event happened, from either shape; 1 when neither says.
 *
 * @public
 */
export function eventCount(event: KubeEvent): number {
  return positive(event.count) ?? positive(event.series?.count) ?? 1;
}

/**
 * When an event last happened, from either shape, or when it was first written; undefined when
 * it carries no time at all.
 *
 * @public
 */
export function eventLastSeen(event: KubeEvent): string | undefined {
  return (
    time(event.lastTimestamp) ??
    time(event.series?.lastObservedTime) ??
    time(event.eventTime) ??
    time(event.firstTimestamp) ??
    time(event.metadata.creationTimestamp)
  );
}
