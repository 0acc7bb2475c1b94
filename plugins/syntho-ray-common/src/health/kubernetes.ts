/**
 * The parts of Kubernetes objects the health model reads, in the API's JSON shape. Objects from
 * `@kubernetes/client-node` or a plain `kubectl get -o json` fit these types.
 */

/**
 * Object metadata.
 *
 * @public
 */
export interface KubeMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
}

/**
 * A container's state, as in `status.containerStatuses[].state`.
 *
 * @public
 */
export interface KubeContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    reason?: string;
    message?: string;
    exitCode?: number;
    finishedAt?: string;
  };
}

/**
 * One entry of `status.containerStatuses` or `status.initContainerStatuses`.
 *
 * @public
 */
export interface KubeContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: KubeContainerState;
  lastState?: KubeContainerState;
}

/**
 * A pod condition such as `PodScheduled` or `Ready`.
 *
 * @public
 */
export interface KubeCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/**
 * A container of a pod spec: only what diagnoses need (limits, image).
 *
 * @public
 */
export interface KubeContainer {
  name: string;
  image?: string;
  resources?: {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
}

/**
 * A pod.
 *
 * @public
 */
export interface KubePod {
  metadata: KubeMetadata;
  spec?: {
    nodeName?: string;
    containers?: KubeContainer[];
    initContainers?: KubeContainer[];
    imagePullSecrets?: Array<{ name?: string }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: KubeCondition[];
    containerStatuses?: KubeContainerStatus[];
    initContainerStatuses?: KubeContainerStatus[];
    startTime?: string;
  };
}

/**
 * A Service.
 *
 * @public
 */
export interface KubeService {
  metadata: KubeMetadata;
  spec?: {
    type?: string;
    clusterIP?: string;
    ports?: Array<{
      name?: string;
      port: number;
      targetPort?: number | string;
      protocol?: string;
    }>;
  };
}

/**
 * A core/v1 Event. Events written through `events.k8s.io/v1` (the scheduler's, for one) read as
 * core/v1 with `count`, `firstTimestamp` and `lastTimestamp` empty: their times are in `eventTime`
 * and, once repeated, `series` (see {@link eventCount} and {@link eventLastSeen}).
 *
 * @public
 */
export interface KubeEvent {
  metadata: KubeMetadata;
  involvedObject: { kind?: string; name?: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  /** Set by `events.k8s.io/v1` writers once an event repeats; `count` includes the first one. */
  series?: { count?: number; lastObservedTime?: string | null } | null;
}

/**
 * An apps/v1 Deployment (the KubeRay operator).
 *
 * @public
 */
export interface KubeDeployment {
  metadata: KubeMetadata;
  spec?: { replicas?: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: KubeCondition[];
  };
}

/**
 * A worker group of a RayCluster spec.
 *
 * @public
 */
export interface KubeRayWorkerGroupSpec {
  groupName: string;
  replicas?: number;
  minReplicas?: number;
  maxReplicas?: number;
  suspend?: boolean;
}

/**
 * A RayCluster, `ray.io/v1` or `ray.io/v1alpha1` (the fields read here are the same in both).
 *
 * @public
 */
export interface KubeRayCluster {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMetadata;
  spec?: {
    rayVersion?: string;
    suspend?: boolean;
    workerGroupSpecs?: KubeRayWorkerGroupSpec[];
  };
  status?: {
    state?: string;
    reason?: string;
    /** Written by KubeRay ≥ 1.2; see {@link observedHeadServiceName}. */
    head?: { serviceName?: string };
  };
}

/**
 * A Kubernetes list response: `{ kind: 'PodList', metadata: { resourceVersion }, items }`.
 *
 * @public
 */
export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string };
  items: T[];
}
