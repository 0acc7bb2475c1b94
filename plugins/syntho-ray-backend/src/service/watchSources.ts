import {
  KubeList,
  KubePod,
  ObservationError,
  OPERATOR_DEPLOYMENT_NAME,
  RAY_LABELS,
} from '@syntho-ray/plugin-syntho-ray-common';
import { slimEvent } from './boundedEvents';
import { ClusterKey } from './clusterKey';
import { equalitySelector, namespacedPath } from './kubePaths';
import type { KubernetesApiError } from './KubernetesProxyApi';

/** What a watch reads of the API: each source is one list+watch. */
export type Source = ObservationError['source'];

/** The large pod list last, so that an API server or proxy answering in turn does the small ones first. */
export const SOURCES: Source[] = [
  'services',
  'events',
  'deployments',
  'rayclusters',
  'pods',
];

/** The RayCluster APIs a cluster may serve, the preferred one first. */
export const RAY_API_VERSIONS = ['v1', 'v1alpha1'] as const;
export type RayApiVersion = (typeof RAY_API_VERSIONS)[number];

/** The label and field selectors of a source's list and watch. */
export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * The parts of a pod the health model reads. Pods are cached in this shape, so environment values
 * and volumes never stay in the backend and the cache holds only what summaries use.
 */
export function slimPod(pod: any): KubePod {
  const container = (c: any) => ({
    name: c.name,
    image: c.image,
    resources: c.resources,
  });
  return {
    metadata: {
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      uid: pod.metadata?.uid,
      resourceVersion: pod.metadata?.resourceVersion,
      creationTimestamp: pod.metadata?.creationTimestamp,
      deletionTimestamp: pod.metadata?.deletionTimestamp,
      labels: pod.metadata?.labels,
    },
    spec: {
      nodeName: pod.spec?.nodeName,
      containers: pod.spec?.containers?.map(container),
      initContainers: pod.spec?.initContainers?.map(container),
      imagePullSecrets: pod.spec?.imagePullSecrets,
    },
    status: pod.status,
  };
}

/**
 * The collection path of `source` in the Ray cluster's namespace; the RayClusters' needs the
 * RayCluster API the cluster serves.
 */
export function sourcePath(
  key: ClusterKey,
  source: Source,
  rayApiVersion?: RayApiVersion,
): string {
  const ns = key.namespace;
  switch (source) {
    case 'pods':
    case 'services':
    case 'events':
      return namespacedPath('v1', ns, source);
    case 'deployments':
      return namespacedPath('apps/v1', ns, 'deployments');
    default:
      return namespacedPath(`ray.io/${rayApiVersion}`, ns, 'rayclusters');
  }
}

/**
 * Pods and Services by `ray.io/cluster`, the operator Deployment and the RayCluster by name, every
 * event of the namespace.
 */
export function sourceSelectors(key: ClusterKey, source: Source): Selectors {
  switch (source) {
    case 'pods':
    case 'services':
      return {
        labelSelector: equalitySelector(RAY_LABELS.cluster, key.name),
      };
    case 'deployments':
      return {
        fieldSelector: equalitySelector(
          'metadata.name',
          OPERATOR_DEPLOYMENT_NAME,
        ),
      };
    case 'rayclusters':
      return {
        fieldSelector: equalitySelector('metadata.name', key.name),
      };
    default:
      return {};
  }
}

/** `selectors` as a query string without `?`; empty when there are none. */
export function selectorQuery({
  labelSelector,
  fieldSelector,
}: Selectors): string {
  return new URLSearchParams(
    Object.entries({ labelSelector, fieldSelector }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  ).toString();
}

/**
 * How an object of `source` is kept in its cache: pods and events slimmed to what the health model
 * reads, the others whole.
 */
export function slimmer(source: Source): (object: any) => any {
  if (source === 'pods') return slimPod;
  if (source === 'events') return slimEvent;
  return object => object;
}

/**
 * Finds which RayCluster API the cluster serves (`ray.io/v1`, else `v1alpha1`) with the list the
 * informer needs anyway, so that detection costs no extra round trip: that list, or undefined when
 * the cluster serves neither (no RayCluster CRD). `trying` is told each version as it is asked and
 * undefined when that one failed; a failure other than 404 is thrown.
 */
export async function detectRayApi(
  key: ClusterKey,
  get: (path: string) => Promise<KubeList<any>>,
  trying: (version: RayApiVersion | undefined) => void,
): Promise<KubeList<any> | undefined> {
  for (const version of RAY_API_VERSIONS) {
    try {
      trying(version);
      const { fieldSelector } = sourceSelectors(key, 'rayclusters');
      return await get(
        `${sourcePath(key, 'rayclusters', version)}?${new URLSearchParams({
          fieldSelector: fieldSelector!,
        })}`,
      );
    } catch (error) {
      trying(undefined);
      if ((error as KubernetesApiError).statusCode !== 404) throw error;
    }
  }
  return undefined;
}
