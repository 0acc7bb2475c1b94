/**
 * The compact live-status summary of one Ray cluster: what the backend sends to the browser.
 * It never carries environment values, secrets or whole pod specs.
 */

/**
 * The overall verdict.
 *
 * @public
 */
export type RayClusterVerdict =
  | 'Ready'
  | 'Progressing'
  | 'Degraded'
  | 'Failed'
  | 'NotFound'
  | 'Unknown';

/**
 * What a diagnosis is about; one per known failure mode.
 *
 * @public
 */
export type DiagnosisId =
  | 'entity-misconfigured'
  | 'target-not-allowed'
  | 'api-unreachable'
  | 'api-forbidden'
  | 'crds-missing'
  | 'raycluster-missing'
  | 'operator-not-running'
  | 'image-pull'
  | 'pvc-pending'
  | 'head-oom-killed'
  | 'unschedulable'
  | 'workers-waiting-for-head'
  | 'pids-exhausted'
  | 'crash-loop'
  | 'node-lost';

/**
 * The object and the message that show a diagnosis is right.
 *
 * @public
 */
export interface DiagnosisEvidence {
  kind: string;
  name: string;
  reason?: string;
  message?: string;
}

/**
 * One finding: what is wrong, the evidence, and what to do.
 *
 * @public
 */
export interface Diagnosis {
  id: DiagnosisId;
  severity: 'error' | 'warning';
  title: string;
  message: string;
  evidence: DiagnosisEvidence[];
  fix: string;
}

/**
 * Pod counts of the head or of one worker group.
 *
 * @public
 */
export interface RayGroupSummary {
  name: string;
  desired: number;
  ready: number;
  pending: number;
  failed: number;
  minReplicas?: number;
  maxReplicas?: number;
  /** Pods of the group not listed in `pods` (the summary keeps the most telling ones). */
  omittedPods: number;
}

/**
 * One pod, as a row on the Ray tab.
 *
 * @public
 */
export interface RayPodSummary {
  name: string;
  /** `head` or the worker group's name. */
  group: string;
  phase: string;
  /** A kubectl-like status: `Running`, `ImagePullBackOff`, `Init:0/1`, `OOMKilled`, … */
  status: string;
  ready: boolean;
  restarts: number;
  createdAt?: string;
  node?: string;
}

/**
 * The head Service and the address Syntho's Core API uses.
 *
 * @public
 */
export interface RayServiceSummary {
  name: string;
  exists: boolean;
  clusterIP?: string;
  ports: Array<{ name?: string; port: number }>;
  rayAddress: string;
}

/**
 * A recent Warning event about one of the cluster's objects.
 *
 * @public
 */
export interface RayEventSummary {
  kind: string;
  name: string;
  reason: string;
  message: string;
  count: number;
  lastSeen?: string;
}

/**
 * A Ray node as the dashboard reports it; under KubeRay its hostname is its pod's name.
 *
 * @public
 */
export interface RayNodeSummary {
  hostname: string;
  ip?: string;
  head: boolean;
  /** `ALIVE` or `DEAD`. */
  state: string;
  /** Share of the node's CPU in use, 0–100. */
  cpuPercent?: number;
  /** Share of the node's memory in use, 0–100. */
  memoryPercent?: number;
  startedAt?: string;
  /** When a dead node died. */
  diedAt?: string;
  /** Why a dead node died, as Ray recorded it. */
  deathReason?: string;
}

/**
 * What the Ray dashboard said, read through the Kubernetes service proxy; `reachable` is false
 * (with the `error`) when it could not be read, for example while the head pod is not ready.
 *
 * @public
 */
export interface RayDashboardSummary {
  reachable: boolean;
  error?: string;
  rayVersion?: string;
  nodes?: {
    alive: number;
    dead: number;
    /** Dead nodes first (latest death first), then the head, then the rest by hostname. */
    list: RayNodeSummary[];
    /** Nodes beyond the list's limit, counted but not listed. */
    omitted: number;
  };
  /** Ray's resources (`CPU`, `memory`, `object_store_memory`, …); memory ones in bytes. */
  usage?: Array<{ resource: string; used: number; total: number }>;
  /**
   * Ray answered that it has no resource usage to report: the autoscaler v2 does not publish
   * the load report the dashboard reads (nor has the v1 autoscaler in a cluster's first seconds).
   */
  usageNotReported?: boolean;
  jobs?: Array<{
    id: string;
    status: string;
    startTime?: string;
  }>;
  /** When this reading was started. */
  readAt?: string;
  /**
   * The Ray pods changed (one became unready, restarted, appeared or went away) after this reading
   * was started: it may describe nodes that are gone, and it is being read again.
   */
  stale?: boolean;
}

/**
 * How old the observations of a summary that is not current are.
 *
 * @public
 */
export interface RayStaleness {
  /**
   * When the counts, pods, Service, events and dashboard the summary carries were last observed
   * with every source read; absent when they never were since the watch started, and those parts
   * are then unknown, not zero or empty.
   */
  observedAt?: string;
}

/**
 * The live status of one Ray cluster.
 *
 * @public
 */
export interface RayClusterSummary {
  kubernetesCluster: string;
  namespace: string;
  name: string;
  verdict: RayClusterVerdict;
  reason: string;
  observedAt: string;
  rayCluster?: {
    apiVersion: string;
    rayVersion?: string;
    /** Shown for reference only: KubeRay sets `ready` once and never clears it. */
    reportedState?: string;
    createdAt?: string;
  };
  operator?: { name: string; desired: number; available: number };
  head: RayGroupSummary;
  groups: RayGroupSummary[];
  pods: RayPodSummary[];
  service: RayServiceSummary;
  diagnoses: Diagnosis[];
  warningEvents: RayEventSummary[];
  dashboard?: RayDashboardSummary;
  /**
   * Set when the Kubernetes API cannot be read now (the verdict is then `Unknown`): all but the
   * verdict, reason and diagnoses are last known, not current.
   */
  stale?: RayStaleness;
  /** Set when the Kubernetes API is a simulation (the dev portal's stand-in), so the page says so. */
  simulated?: boolean;
}
