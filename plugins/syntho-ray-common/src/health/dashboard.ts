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
/** Resource rows shown; Ray lists one per custom resource too. */
const MAX_RESOURCES = 20;
const MAX_DEATH_REASON = 300;

/** A Ray resource name: letters, digits and `_.:/-`, as Ray's resource names are. */
const RESOURCE_NAME = /^[A-Za-z0-9_.:/-]{1,100}$/;
/** Resources Ray adds to mark a node or an accelerator type, not capacity that tasks use. */
const MARKER_RESOURCE = /^(node|accelerator_type|acceleratorType):/;
/**
 * The dashboard camel-cases every key of its answer, the resource names of `usage` included
 * (`to_google_style` in ray python/ray/dashboard/utils.py): Ray's own resources get their names back.
 */
const RAY_RESOURCE_NAMES: Record<string, string> = {
  objectStoreMemory: 'object_store_memory',
};
/** A node's hostname (under KubeRay, its pod's name). */
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const IP_ADDRESS = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]{2,45})$/;
/** A job's submission id (`raysubmit_…`, or one the submitter chose) or job id. */
const JOB_ID = /^[A-Za-z0-9_.-]{1,128}$/;
/** Ray's node states and death reasons: `ALIVE`, `DEAD`, `UNEXPECTED_TERMINATION`, … */
const ENUM_VALUE = /^[A-Z][A-Z_]{0,49}$/;

function record(value: unknown): Record<string, any> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, any>)
    : {};
}

function matching(value: unknown, grammar: RegExp): string | undefined {
  return typeof value === 'string' && grammar.test(value) ? value : undefined;
}

/** The dashboard sends protobuf int64 fields such as `startTimeMs` as strings. */
function isoFromMillis(value: unknown) {
  const millis =
    typeof value === 'string' && /^\d{1,16}$/.test(value)
      ? Number(value)
      : value;
  return typeof millis === 'number' &&
    Number.isFinite(millis) &&
    millis > 0 &&
    millis < 8.64e15
    ? new Date(millis).toISOString()
    : undefined;
}

function percent(value: unknown) {
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= 100
    ? Math.round(value)
    : undefined;
}

/** Runs of spaces, line breaks, control characters and invisible or direction-changing ones. */
const BREAKS_AND_INVISIBLES =
  // eslint-disable-next-line no-control-regex -- control characters are what it replaces
  /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+/g;

/** Ray's free-text reason on one line, without invisible or direction-changing characters, bounded. */
function reasonText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(BREAKS_AND_INVISIBLES, ' ').trim();
  if (line === '') return undefined;
  return line.length > MAX_DEATH_REASON
    ? `${line.slice(0, MAX_DEATH_REASON - 1)}…`
    : line;
}

/**
 * One row of `/nodes?view=summary`. A dead node's row has no host statistics (hostname, ip, cpu,
 * mem): the dashboard gets those from the node's agent, which died with it; its `raylet` part
 * (the GCS's node info) still names the host. Ray 2.9 records no `deathInfo`; later versions
 * record a reason and, usually, a message.
 */
function nodeOf(row: Record<string, any>): RayNodeSummary {
  const raylet = record(row.raylet);
  const deathInfo = record(raylet.deathInfo);
  const node: RayNodeSummary = {
    hostname:
      matching(row.hostname, HOSTNAME) ??
      matching(raylet.nodeManagerHostname, HOSTNAME) ??
      '',
    head: raylet.isHeadNode === true,
    state: matching(raylet.state, ENUM_VALUE) ?? 'UNKNOWN',
  };
  const ip =
    matching(row.ip, IP_ADDRESS) ??
    matching(raylet.nodeManagerAddress, IP_ADDRESS);
  if (ip) node.ip = ip;
  const cpuPercent = percent(row.cpu);
  if (cpuPercent !== undefined) node.cpuPercent = cpuPercent;
  const memoryPercent = percent(
    Array.isArray(row.mem) ? row.mem[2] : undefined,
  );
  if (memoryPercent !== undefined) node.memoryPercent = memoryPercent;
  const startedAt = isoFromMillis(raylet.startTimeMs);
  if (startedAt) node.startedAt = startedAt;
  if (node.state === 'DEAD') {
    const diedAt = isoFromMillis(raylet.endTimeMs);
    if (diedAt) node.diedAt = diedAt;
    const deathReason =
      reasonText(deathInfo.reasonMessage) ??
      matching(deathInfo.reason, ENUM_VALUE);
    if (deathReason) node.deathReason = deathReason;
  }
  return node;
}

/**
 * The resource rows of `/api/cluster_status`: `data.clusterStatus.loadMetricsReport.usage`, a
 * map of resource name to `[used, total]`. `data.clusterStatus` is null when Ray has no load
 * report to give: the autoscaler v2 writes none (the dashboard reads the v1 monitor's), nor has
 * the v1 monitor in the first seconds of a cluster.
 */
function usageOf(clusterStatus: unknown): RayDashboardSummary['usage'] | null {
  const data = record(record(clusterStatus).data);
  if (!('clusterStatus' in data)) return undefined;
  if (data.clusterStatus === null) return null;
  const usage = record(record(data.clusterStatus.loadMetricsReport).usage);
  const rows = Object.entries(usage)
    .map(([name, pair]) => ({
      resource: RAY_RESOURCE_NAMES[name] ?? name,
      pair,
    }))
    .filter(
      ({ resource, pair }) =>
        RESOURCE_NAME.test(resource) &&
        !MARKER_RESOURCE.test(resource) &&
        Array.isArray(pair) &&
        pair.length === 2 &&
        pair.every(n => typeof n === 'number' && Number.isFinite(n) && n >= 0),
    )
    .slice(0, MAX_RESOURCES)
    .map(({ resource, pair: [used, total] }) => ({ resource, used, total }));
  return rows.length > 0 ? rows : undefined;
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

  const usage = usageOf(readings.clusterStatus);
  if (usage) summary.usage = usage;
  if (usage === null) summary.usageNotReported = true;

  if (Array.isArray(readings.jobs)) {
    summary.jobs = readings.jobs
      .map(record)
      .sort((a, b) => (Number(b.start_time) || 0) - (Number(a.start_time) || 0))
      .slice(0, MAX_JOBS)
      .map(job => ({
        id:
          matching(job.submission_id, JOB_ID) ??
          matching(job.job_id, JOB_ID) ??
          '',
        status: matching(job.status, ENUM_VALUE) ?? 'UNKNOWN',
        ...(isoFromMillis(job.start_time) && {
          startTime: isoFromMillis(job.start_time),
        }),
      }));
  }
  return summary;
}
