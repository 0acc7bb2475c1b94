import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import type { KubernetesProxyApi } from './KubernetesProxyApi';

/** Tuning of a {@link ClusterWatch}. */
export interface ClusterWatchOptions {
  api: KubernetesProxyApi;
  logger: LoggerService;
  openshift?: boolean;
  simulated?: boolean;
  /** Quiet time before a change is summarised and pushed. Default 100. */
  debounceMs?: number;
  /** How often the Ray dashboard is read. Default 15000. */
  dashboardPollMs?: number;
  /** Pod rows kept per group in a summary. Default 50 (the health model's). */
  maxPodsPerGroup?: number;
  /**
   * How long the API server keeps one watch request open before the watch resumes with a new one.
   * The Kubernetes plugin's proxy does not close the upstream watch when its client leaves, so this
   * also bounds how long a released watch lingers on the API server. Default 60.
   */
  watchTimeoutSeconds?: number;
  /**
   * How often the API server is asked `/version` while watching, in ms. A watch through a proxy can
   * stay silent after its API server went away; a failed probe restarts every source. Default 5000.
   */
  livenessMs?: number;
  /**
   * Events of the namespace kept at most; beyond it, those about other objects and the oldest go
   * first. Default 1000.
   */
  maxCachedEvents?: number;
  /**
   * The last known summary of an earlier watch of the same cluster (see
   * {@link ClusterWatch.lastKnownSummary}), shown as last known if the API cannot be read before
   * this watch has read it once.
   */
  lastKnown?: RayClusterSummary;
}
