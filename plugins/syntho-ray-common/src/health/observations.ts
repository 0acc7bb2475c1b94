import {
  KubeDeployment,
  KubeEvent,
  KubePod,
  KubeRayCluster,
  KubeService,
} from './kubernetes';
import { RayClusterSummary, RayDashboardSummary } from './summary';

/**
 * The name of the KubeRay operator's Deployment the chart installs.
 *
 * @public
 */
export const OPERATOR_DEPLOYMENT_NAME = 'kuberay-operator';

/**
 * Why a source could not be read from the Kubernetes API.
 *
 * @public
 */
export interface ObservationError {
  source: 'pods' | 'services' | 'events' | 'deployments' | 'rayclusters';
  /** HTTP status, when the API answered. */
  status?: number;
  message: string;
}

/**
 * The end of a crashed container's previous log. Only the health model reads it: a summary
 * carries at most the known phrase it matched, never the log.
 *
 * @public
 */
export interface PreviousContainerLog {
  pod: string;
  container: string;
  text: string;
}

/**
 * Everything the backend knows about one Ray cluster at one moment.
 *
 * @public
 */
export interface RayClusterObservation {
  kubernetesCluster: string;
  namespace: string;
  /** The RayCluster's name (and the Helm release's). */
  name: string;
  now: Date;
  pods: KubePod[];
  services: KubeService[];
  events: KubeEvent[];
  /** `null`: there is no operator Deployment; `undefined`: not known. */
  operator?: KubeDeployment | null;
  operatorName: string;
  rayCluster?: KubeRayCluster;
  /** The API has no `rayclusters` resource: the CRDs are not installed. */
  rayClusterCrdMissing?: boolean;
  openshift?: boolean;
  /**
   * The ends of crashed containers' previous logs (`pods/<pod>/log?previous=true`), which the
   * backend reads for a few crash-looping pods: with the default `terminationMessagePolicy: File`
   * the kubelet leaves `terminated.message` empty, so a log is where a crash says why.
   */
  previousLogs?: PreviousContainerLog[];
  dashboard?: RayDashboardSummary;
  /**
   * When the watch last saw a Ray pod become unready, restart, appear or go away: a dashboard
   * reading started before then is marked stale.
   */
  podsChangedAt?: Date;
  errors?: ObservationError[];
  /**
   * The summary made just before a source could no longer be read. While one cannot, its counts,
   * pods, Service, events and dashboard are shown as last known, with its time, instead of the
   * empty lists an unreadable API leaves.
   */
  lastComplete?: RayClusterSummary;
  simulated?: boolean;
  /** Pod rows kept per group; the rest are counted in `omittedPods`. Default 50. */
  maxPodsPerGroup?: number;
}
