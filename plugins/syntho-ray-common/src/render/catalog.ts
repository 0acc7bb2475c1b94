import { stringify } from 'yaml';
import { ResolvedRequest } from '../validate';
import { YAML_OPTIONS } from './values';

/**
 * Annotations that tell the syntho-ray status plugin (and the Kubernetes plugin) where a cluster runs.
 *
 * @public
 */
export const ANNOTATIONS = {
  rayCluster: 'syntho.ai/ray-cluster',
  namespace: 'syntho.ai/ray-namespace',
  kubernetesCluster: 'syntho.ai/kubernetes-cluster',
  chartProfile: 'syntho.ai/chart-profile',
  kubernetesLabelSelector: 'backstage.io/kubernetes-label-selector',
  kubernetesNamespace: 'backstage.io/kubernetes-namespace',
} as const;

/**
 * The catalog `spec.type` of a Ray cluster Resource.
 *
 * @public
 */
export const RAY_CLUSTER_RESOURCE_TYPE = 'ray-cluster';

const MAX_ENTITY_NAME = 63;

/**
 * The entity name of a cluster: unique per Kubernetes cluster and namespace, since the default Ray
 * cluster name (`ray-cluster`) repeats across namespaces.
 *
 * @public
 */
export function entityName(
  request: Pick<ResolvedRequest, 'name' | 'namespace' | 'targetCluster'>,
): string {
  const full = `${request.name}-${request.namespace}-${request.targetCluster}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  if (full.length <= MAX_ENTITY_NAME) return full;
  let hash = 0;
  for (const char of full) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const suffix = hash.toString(36);
  return `${full
    .slice(0, MAX_ENTITY_NAME - suffix.length - 1)
    .replace(/-+$/, '')}-${suffix}`;
}

/**
 * `resource:default/<entity name>`
 *
 * @public
 */
export function entityRef(
  request: Pick<ResolvedRequest, 'name' | 'namespace' | 'targetCluster'>,
): string {
  return `resource:default/${entityName(request)}`;
}

/**
 * The cluster's catalog entity: a Resource of type `ray-cluster`.
 *
 * @public
 */
export function renderCatalogInfo(request: ResolvedRequest): string {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entityName(request),
      title: `${request.name} (${request.namespace} on ${request.targetCluster})`,
      description:
        request.description ??
        `Syntho Ray cluster; Ray address ${request.rayAddress}.`,
      annotations: {
        [ANNOTATIONS.rayCluster]: request.name,
        [ANNOTATIONS.namespace]: request.namespace,
        [ANNOTATIONS.kubernetesCluster]: request.targetCluster,
        [ANNOTATIONS.chartProfile]: request.profile.id,
        [ANNOTATIONS.kubernetesLabelSelector]: `ray.io/cluster=${request.name}`,
        [ANNOTATIONS.kubernetesNamespace]: request.namespace,
      },
      tags: ['ray', 'syntho'],
    },
    spec: {
      type: RAY_CLUSTER_RESOURCE_TYPE,
      owner: request.owner ?? 'group:default/platform-team',
    },
  };
  return `# Catalog entity of the Ray cluster; the syntho-ray status page reads its annotations.\n${stringify(
    entity,
    YAML_OPTIONS,
  )}`;
}

/**
 * The Ray cluster an entity stands for, from its annotations.
 *
 * @public
 */
export interface RayClusterRef {
  kubernetesCluster: string;
  namespace: string;
  name: string;
}

/**
 * Reads the Ray cluster of a catalog entity from its `syntho.ai/*` annotations; `undefined` when the
 * entity is not annotated as a Ray cluster. It says only that the annotations are there: anyone who
 * registers an entity writes them, so whatever requests a cluster with them first checks them with
 * `checkRayClusterTarget`.
 *
 * @public
 */
export function rayClusterOfEntity(entity: {
  metadata: { annotations?: Record<string, string> };
}): RayClusterRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATIONS.rayCluster];
  const namespace = annotations[ANNOTATIONS.namespace];
  const kubernetesCluster = annotations[ANNOTATIONS.kubernetesCluster];
  if (!name || !namespace || !kubernetesCluster) return undefined;
  return { kubernetesCluster, namespace, name };
}
