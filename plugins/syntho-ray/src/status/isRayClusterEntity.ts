import { Entity } from '@backstage/catalog-model';
import { rayClusterOfEntity } from '@syntho-ray/plugin-syntho-ray-common';

/**
 * Whether an entity stands for a Ray cluster: it carries the `syntho.ai/ray-cluster`,
 * `syntho.ai/ray-namespace` and `syntho.ai/kubernetes-cluster` annotations the template writes.
 *
 * @public
 */
export function isRayClusterEntity(entity: Entity): boolean {
  return rayClusterOfEntity(entity) !== undefined;
}
