import {
  KubePod,
  KubeRayCluster,
  observedHeadServiceName,
  RayDashboardSummary,
  summarizeDashboard,
} from '@syntho-ray/plugin-syntho-ray-common';
import { ClusterKey } from './clusterKey';
import { namespacedPath, pathSegment } from './kubePaths';
import type { Scheduler } from './scheduler';

/** Shortest time between two dashboard reads that changes of the pods ask for. */
export const MIN_DASHBOARD_REREAD_MS = 2000;

/**
 * What of the Ray pods the dashboard's picture depends on: which exist, which are ready and how
 * often they restarted. A change means a dashboard reading taken before it may list dead nodes.
 */
export function podHealthFingerprint(pods: KubePod[]): string {
  return pods
    .map(pod => {
      const ready = pod.status?.conditions?.find(c => c.type === 'Ready');
      const restarts = (pod.status?.containerStatuses ?? []).reduce(
        (sum, c) => sum + (c.restartCount ?? 0),
        0,
      );
      const deleting = pod.metadata.deletionTimestamp ? 'deleting' : '';
      return `${pod.metadata.name}:${ready?.status}:${restarts}:${deleting}`;
    })
    .sort()
    .join(',');
}

/** Where a {@link DashboardReader} reads, and what it asks of its watch. */
export interface DashboardReaderOptions {
  key: ClusterKey;
  /** GETs a path of the cluster's API as JSON. */
  get(path: string): Promise<unknown>;
  /** The watched RayCluster, if known. */
  rayCluster(): KubeRayCluster | undefined;
  /** The watched Service of that name in the namespace, if any. */
  service(name: string): unknown | undefined;
  /** The watch's timers; nothing is read once the watch has stopped. */
  scheduler: Scheduler;
  /** A new reading (or none) is there. */
  onChange(): void;
}

/**
 * Reads the Ray dashboard through the API server's service proxy to the head Service, once at a
 * time, and again soon after the Ray pods' health changed.
 */
export class DashboardReader {
  private dashboard?: RayDashboardSummary;
  private reading = false;
  /** A dashboard read was asked for while one ran or shortly after one started. */
  private rereadWanted = false;
  private lastReadAt = 0;
  private podFingerprint?: string;
  private changedAt?: Date;

  constructor(private readonly options: DashboardReaderOptions) {}

  /** The last reading; undefined when there is no head Service to read through. */
  get current(): RayDashboardSummary | undefined {
    return this.dashboard;
  }

  /** When the Ray pods' health last changed, as {@link DashboardReader.notePods} saw. */
  get podsChangedAt(): Date | undefined {
    return this.changedAt;
  }

  async read() {
    // A slow dashboard is read once at a time, not once per poll.
    if (this.options.scheduler.stopped() || this.reading) return;
    this.reading = true;
    this.rereadWanted = false;
    this.lastReadAt = Date.now();
    try {
      await this.readOnce();
    } finally {
      this.reading = false;
    }
    if (this.rereadWanted) this.reread();
  }

  /** Notes when the Ray pods' health changed, and has the dashboard read again. */
  notePods(pods: KubePod[]) {
    const fingerprint = podHealthFingerprint(pods);
    const previous = this.podFingerprint;
    this.podFingerprint = fingerprint;
    if (previous === undefined || previous === fingerprint) return;
    this.changedAt = new Date();
    this.reread();
  }

  /**
   * Reads the dashboard again soon after the pods changed, so that it does not show nodes alive
   * beside pods that failed for a whole poll period; until then the summary marks it stale. At
   * most one read runs, and reads start at least {@link MIN_DASHBOARD_REREAD_MS} apart, however
   * often the pods of a large cluster change.
   */
  private reread() {
    if (this.reading) {
      this.rereadWanted = true;
      return;
    }
    const wait = this.lastReadAt + MIN_DASHBOARD_REREAD_MS - Date.now();
    if (wait <= 0) {
      this.read();
      return;
    }
    if (this.rereadWanted) return;
    this.rereadWanted = true;
    this.options.scheduler.later(wait, () => this.read());
  }

  private async readOnce() {
    const { key, get } = this.options;
    const serviceName = observedHeadServiceName(
      key.name,
      this.options.rayCluster(),
    );
    if (!this.options.service(serviceName)) {
      this.dashboard = undefined;
      return;
    }
    // The service proxy's `name:port` keeps its colon: the API server splits the segment on it.
    const base = `${namespacedPath(
      'v1',
      key.namespace,
      'services',
    )}/${pathSegment(serviceName)}:dashboard/proxy`;
    const readAt = new Date().toISOString();
    const read = (path: string) => get(`${base}${path}`).catch(() => undefined);
    try {
      const version = await get(`${base}/api/version`);
      const [clusterStatus, nodes, jobs] = await Promise.all([
        read('/api/cluster_status'),
        read('/nodes?view=summary'),
        read('/api/jobs/'),
      ]);
      this.dashboard = {
        ...summarizeDashboard({ version, clusterStatus, nodes, jobs }),
        readAt,
      };
    } catch (error) {
      this.dashboard = {
        ...summarizeDashboard({ error: (error as Error).message }),
        readAt,
      };
    }
    this.options.onChange();
  }
}
