import { codePointOrder } from './order';
import { RayDashboardSummary, RayNodeSummary } from './summary';

/**
 * The Ray dashboard's raw answers, each `undefined` when that endpoint could not be read.
 *
 * @public
 */
export interface RayDashboardReadings {
  /** `GET /api/version` */
  version?: unknown;
  /** `GET /api/cluster_status` */
  clusterStatus?: unknown;
  /** `GET /nodes?view=summary` */
  nodes?: unknown;
  /** `GET /api/jobs/` */
  jobs?: unknown;
  /** Why the dashboard could not be read at all. */
  error?: string;
}

const MAX_JOBS = 20;
/** Nodes listed in a summary; a cluster of a thousand workers would otherwise fill it. */
const MAX_NODES = 50;

function record(value: unknown): Record<string, any> {
  return value && typeof value === 'object'
    ? (value as Record<string, any>)
    : {};
}

/** The dashboard sends protobuf int64 fields such as `startTimeMs` as strings. */
function isoFromMillis(value: unknown) {
  const millis = typeof value === 'string' ? Number(value) : value;
  return typeof millis === 'number' && millis > 0
    ? new Date(millis).toISOString()
    : undefined;
}

function percent(value: unknown) {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.round(value)
    : undefined;
}

function nodeOf(row: Record<string, any>): RayNodeSummary {
  const raylet = record(row.raylet);
  const deathInfo = record(raylet.deathInfo);
  const node: RayNodeSummary = {
    hostname: String(row.hostname ?? raylet.nodeManagerHostname ?? ''),
    ip: row.ip ?? raylet.nodeManagerAddress,
    head: raylet.isHeadNode === true,
    state: String(raylet.state ?? 'UNKNOWN'),
    cpuPercent: percent(row.cpu),
    memoryPercent: percent(Array.isArray(row.mem) ? row.mem[2] : undefined),
    startedAt: isoFromMillis(raylet.startTimeMs),
  };
  if (node.state === 'DEAD') {
    node.diedAt = isoFromMillis(raylet.endTimeMs);
    node.deathReason =
      deathInfo.reasonMessage ?? raylet.stateMessage ?? deathInfo.reason;
  }
  return node;
}

/** Dead nodes first, then the head, then the workers. */
function nodeRank(node: RayNodeSummary) {
  if (node.state === 'DEAD') return 0;
  return node.head ? 1 : 2;
}

function nodeOrder(a: RayNodeSummary, b: RayNodeSummary) {
  return (
    nodeRank(a) - nodeRank(b) ||
    codePointOrder(b.diedAt ?? '', a.diedAt ?? '') ||
    codePointOrder(a.hostname, b.hostname)
  );
}

/**
 * Reduces the Ray dashboard's answers to what the entity page shows: version, nodes (with why a
 * dead one died), resource usage and recent jobs. Unknown shapes are skipped rather than trusted; job entrypoints
 * and runtime environments are left out because they can carry secrets.
 *
 * @public
 */
export function summarizeDashboard(
  readings: RayDashboardReadings,
): RayDashboardSummary {
  if (readings.error) return { reachable: false, error: readings.error };
  const summary: RayDashboardSummary = { reachable: true };
  const rayVersion = record(readings.version).ray_version;
  if (typeof rayVersion === 'string') summary.rayVersion = rayVersion;

  const nodeRows = record(record(readings.nodes).data).summary;
  if (Array.isArray(nodeRows)) {
    const nodes = nodeRows.map(row => nodeOf(record(row))).sort(nodeOrder);
    summary.nodes = {
      alive: nodes.filter(n => n.state === 'ALIVE').length,
      dead: nodes.filter(n => n.state === 'DEAD').length,
      list: nodes.slice(0, MAX_NODES),
      omitted: Math.max(0, nodes.length - MAX_NODES),
    };
  }

  const usage = record(
    record(
      record(record(record(readings.clusterStatus).data).clusterStatus)
        .loadMetricsReport,
    ).usage,
  );
  const rows = Object.entries(usage)
    .filter(
      ([resource, pair]) =>
        !resource.startsWith('node:') &&
        Array.isArray(pair) &&
        pair.length === 2 &&
        pair.every(n => typeof n === 'number'),
    )
    .map(([resource, [used, total]]) => ({ resource, used, total }));
  if (rows.length > 0) summary.usage = rows;

  if (Array.isArray(readings.jobs)) {
    summary.jobs = readings.jobs
      .map(record)
      .sort((a, b) => (b.start_time ?? 0) - (a.start_time ?? 0))
      .slice(0, MAX_JOBS)
      .map(job => ({
        id: String(job.submission_id ?? job.job_id ?? ''),
        status: String(job.status ?? 'UNKNOWN'),
        ...(isoFromMillis(job.start_time) && {
          startTime: isoFromMillis(job.start_time),
        }),
      }));
  }
  return summary;
}
