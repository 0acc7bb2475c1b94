/**
 * The two Syntho `helm/ray` charts this project renders for.
 *
 * @public
 */
export const CHART_PROFILES = [
  'syntho-charts-0.4.2',
  'deployment-tools-1.14.0',
] as const;

/**
 * A chart profile id: which chart, and so which values layout.
 *
 * @public
 */
export type ChartProfileId = (typeof CHART_PROFILES)[number];

/**
 * What differs between the charts, as far as requests and renderers are concerned.
 *
 * @public
 */
export interface ChartProfile {
  id: ChartProfileId;
  /** `name` in the chart's Chart.yaml. */
  chartName: string;
  chartVersion: string;
  /** API version of the RayCluster the chart renders. */
  rayClusterApiVersion: 'ray.io/v1alpha1' | 'ray.io/v1';
  /** Objects with fixed names, which is why a namespace holds one cluster at most. */
  fixedObjectNames: string[];
  /** Whether the chart renders `minReplicas: 0` as 0; 0.4.2 pipes it through `default`, giving 1. */
  keepsZeroMinReplicas: boolean;
  /** Where the Ray cluster's values sit: the top level (0.4.2) or under the `ray-cluster` subchart. */
  rayValuesPath: string[];
  /** Keys the chart's templates read, per map; anything else in values.yaml is ignored. */
  knownKeys: {
    topLevel: string[];
    rayCluster: string[];
    head: string[];
    workerGroup: string[];
    storage: string[];
  };
}

const PLACEMENT_KEYS = [
  'labels',
  'annotations',
  'nodeSelector',
  'tolerations',
  'affinity',
];
const CONTAINER_KEYS = [
  'rayStartParams',
  'initArgs',
  'containerEnv',
  'envFrom',
  'resources',
  'securityContext',
  'ports',
  'volumes',
  'volumeMounts',
  'sidecarContainers',
  'lifecycle',
];
const GROUP_KEYS_042 = [
  'disabled',
  'replicas',
  'minReplicas',
  'maxReplicas',
  'miniReplicas',
  'maxiReplicas',
  'initContainerImage',
  'initContainerSecurityContext',
  ...CONTAINER_KEYS,
  ...PLACEMENT_KEYS,
];
const POD_KEYS_1140 = [
  'serviceAccountName',
  'restartPolicy',
  'initContainers',
  'image',
  'command',
  'args',
  'priorityClassName',
  'priority',
  'podSecurityContext',
  ...CONTAINER_KEYS,
  ...PLACEMENT_KEYS,
];
const GROUP_KEYS_1140 = [
  'disabled',
  'replicas',
  'minReplicas',
  'maxReplicas',
  'numOfHosts',
  ...POD_KEYS_1140,
];

/**
 * Profiles by id.
 *
 * @public
 */
export const chartProfiles: Record<ChartProfileId, ChartProfile> = {
  'syntho-charts-0.4.2': {
    id: 'syntho-charts-0.4.2',
    chartName: 'ray-cluster',
    chartVersion: '0.4.2',
    rayClusterApiVersion: 'ray.io/v1alpha1',
    fixedObjectNames: [
      'Deployment kuberay-operator',
      'ServiceAccount kuberay-operator',
      'PersistentVolumeClaim ray-workflows-claim',
    ],
    keepsZeroMinReplicas: false,
    rayValuesPath: [],
    knownKeys: {
      topLevel: [
        'SynthoLicense',
        'clustername',
        'imagePullSecrets',
        'operatorImage',
        'image',
        'head',
        'worker',
        'additionalWorkerGroups',
        'service',
        'nameOverride',
        'fullnameOverride',
        'storage',
        'serviceAccount',
        'resources',
        'livenessProbe',
        'readinessProbe',
        'rbacEnable',
        'batchScheduler',
        'securityContext',
        'podSecurityContext',
        'nodeSelector',
        'tolerations',
        'affinity',
        'annotations',
      ],
      rayCluster: [],
      head: [
        'rayVersion',
        'enableInTreeAutoscaling',
        'autoscalerOptions',
        'init_container_enabled',
        'initContainer',
        ...CONTAINER_KEYS,
        ...PLACEMENT_KEYS,
      ],
      workerGroup: GROUP_KEYS_042,
      storage: ['storageClassName', 'accessMode', 'pvLabelKey'],
    },
  },
  'deployment-tools-1.14.0': {
    id: 'deployment-tools-1.14.0',
    chartName: 'ray',
    chartVersion: '1.14.0',
    rayClusterApiVersion: 'ray.io/v1',
    fixedObjectNames: [
      'Deployment kuberay-operator',
      'ServiceAccount kuberay-operator',
      'PersistentVolumeClaim ray-workflows-claim',
      'PersistentVolumeClaim ray-data-claim',
    ],
    keepsZeroMinReplicas: true,
    rayValuesPath: ['ray-cluster'],
    knownKeys: {
      topLevel: [
        'SynthoLicense',
        'manualSecretName',
        'kuberay-operator',
        'ray-cluster',
        'storage',
      ],
      rayCluster: [
        'image',
        'nameOverride',
        'fullnameOverride',
        'imagePullSecrets',
        'common',
        'head',
        'worker',
        'additionalWorkerGroups',
        'service',
        'annotations',
      ],
      head: [
        'rayVersion',
        'enableInTreeAutoscaling',
        'autoscalerOptions',
        'headService',
        ...POD_KEYS_1140,
      ],
      workerGroup: GROUP_KEYS_1140,
      storage: [
        'storageClassName',
        'accessMode',
        'pvLabelKey',
        'dataPvLabelKey',
        'dataStorage',
      ],
    },
  },
};

/**
 * Volume names the charts use themselves; a request may not reuse them.
 *
 * @public
 */
export const RESERVED_VOLUME_NAMES = [
  'log-volume',
  'ray-workflows',
  'ray-data',
];

/**
 * Mount paths the charts use themselves (Ray's logs, workflows and data); a request may not reuse
 * them.
 *
 * @public
 */
export const RESERVED_MOUNT_PATHS = [
  '/tmp/ray',
  '/tmp/ray-workflows',
  '/tmp/ray-data',
];

/**
 * The environment variable both charts carry the license in.
 *
 * @public
 */
export const LICENSE_ENV_NAME = 'LICENSE_KEY_SIGNED';

/**
 * The longest name KubeRay 0.5 to 1.3 gives a head Service unchanged: longer ones it cuts to their
 * last 50 characters (`CheckName` in ray-operator/controllers/ray/utils/util.go, v0.5.0 to v1.3.2).
 */
const KUBERAY_MAX_HEAD_SERVICE_NAME_LENGTH = 50;
const HEAD_SERVICE_SUFFIX = '-head-svc';

/**
 * The longest cluster name whose head Service every supported KubeRay names alike: 0.4 and 1.4 or
 * later keep `<name>-head-svc` whole, 0.5 to 1.3 cut it to 50 characters, so up to 41 all agree.
 *
 * @public
 */
export const MAX_CLUSTER_NAME_LENGTH =
  KUBERAY_MAX_HEAD_SERVICE_NAME_LENGTH - HEAD_SERVICE_SUFFIX.length;

/**
 * Name of the Service the KubeRay operator creates for the head of the cluster `clusterName`
 * (we never set `headGroupSpec.headService.name`, which would override it).
 *
 * Follows `GenerateHeadServiceName` and `CheckName` in ray-operator/controllers/ray/utils/util.go
 * of KubeRay v1.2.2 (the same since v0.5.0): `<name>-head-svc`, cut to its last 50 characters, with
 * a leading digit or punctuation replaced by `r`. KubeRay v0.4 and v1.4 on do not cut, so for names
 * longer than {@link MAX_CLUSTER_NAME_LENGTH} the answer is right for KubeRay 0.5 to 1.3 only;
 * requests are limited to that length so that every version agrees.
 *
 * @public
 */
export function headServiceName(clusterName: string): string {
  const full = `${clusterName}${HEAD_SERVICE_SUFFIX}`;
  const kept = full.slice(-KUBERAY_MAX_HEAD_SERVICE_NAME_LENGTH);
  // Go's unicode.IsDigit and unicode.IsPunct; the names we pass are ASCII.
  return /^[\p{Nd}\p{P}]/u.test(kept) ? `r${kept.slice(1)}` : kept;
}

/**
 * The address Syntho's Core API uses to reach Ray (its `ray_address` value).
 *
 * @public
 */
export function rayAddress(clusterName: string, namespace: string): string {
  return `${headServiceName(clusterName)}.${namespace}.svc.cluster.local`;
}

/**
 * The extended resource GPUs are requested as.
 *
 * @public
 */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * The environment variable Syntho's documentation sets on every Ray container.
 *
 * @public
 */
export const DEFAULT_RAY_ENV = [
  { name: 'RAY_SCHEDULER_SPREAD_THRESHOLD', value: '0.0' },
];
