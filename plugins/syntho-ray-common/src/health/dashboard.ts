import { RayDashboardSummary } from './summary';

/** The Ray dashboard's raw answers, each `undefined` when that endpoint could not be read. */
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

function record(value: unknown): Record<string, any> {
  return value && typeof value === 'object'
    ? (value as Record<string, any>)
    : {};
}

function isoFromMillis(value: unknown) {
  return typeof value === 'number' && value > 0
    ? new Date(value).toISOString()
    : undefined;
}

/**
 * Reduces the Ray dashboard's answers to what the entity page shows: version, node counts,
 * resource usage and recent jobs. Unknown shapes are skipped rather than trusted; job entrypoints
 * and runtime environments are left out because they can carry secrets.
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
    const states = nodeRows.map(row => record(record(row).raylet).state);
    summary.nodes = {
      alive: states.filter(s => s === 'ALIVE').length,
      dead: states.filter(s => s === 'DEAD').length,
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
