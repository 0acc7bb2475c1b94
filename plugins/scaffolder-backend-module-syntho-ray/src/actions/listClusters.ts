import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import {
  ANNOTATIONS,
  countOf,
  RAY_CLUSTER_RESOURCE_TYPE,
} from '@syntho-ray/plugin-syntho-ray-common';
import { stringify } from 'yaml';

/**
 * One Ray cluster that exists: the output of listClusters and the `existingClusters` input of render.
 * Written against the `z` the scaffolder hands to action schemas.
 */
export const existingClusterSchema = (z: typeof zod) =>
  z.object({
    targetCluster: z.string().describe('Kubernetes cluster'),
    namespace: z.string().describe('Namespace'),
    name: z.string().describe('Ray cluster name'),
  });

/**
 * `syntho:rayCluster:listClusters`: the Ray clusters the catalog knows (Resources of type ray-cluster,
 * registered by earlier requests), so that `render` can keep one cluster per namespace.
 *
 * @public
 */
export function createListClustersAction(options: { catalog: CatalogService }) {
  return createTemplateAction({
    id: 'syntho:rayCluster:listClusters',
    description:
      'Lists the Syntho Ray clusters in the catalog (Kubernetes cluster, namespace, name), for the one-cluster-per-namespace check of syntho:rayCluster:render.',
    examples: [
      {
        description: 'Feed the known clusters to the render step',
        example: stringify({
          steps: [
            {
              id: 'clusters',
              action: 'syntho:rayCluster:listClusters',
              name: 'Find existing clusters',
            },
            {
              id: 'render',
              action: 'syntho:rayCluster:render',
              name: 'Render',
              input: {
                name: 'ray-cluster',
                namespace: 'syntho',
                preset: 'development',
                existingClusters: '${{ steps.clusters.output.clusters }}',
              },
            },
          ],
        }),
      },
    ],
    supportsDryRun: true,
    schema: {
      output: {
        clusters: z =>
          z.array(existingClusterSchema(z)).describe('Known Ray clusters'),
      },
    },
    async handler(ctx) {
      const { items } = await options.catalog.getEntities(
        {
          filter: { kind: 'Resource', 'spec.type': RAY_CLUSTER_RESOURCE_TYPE },
          fields: ['metadata.annotations'],
        },
        { credentials: await ctx.getInitiatorCredentials() },
      );
      const clusters = items.flatMap(entity => {
        const annotations = entity.metadata.annotations ?? {};
        const name = annotations[ANNOTATIONS.rayCluster];
        const namespace = annotations[ANNOTATIONS.namespace];
        const targetCluster = annotations[ANNOTATIONS.kubernetesCluster];
        return name && namespace && targetCluster
          ? [{ targetCluster, namespace, name }]
          : [];
      });
      ctx.logger.info(
        `The catalog knows ${countOf(clusters.length, 'Ray cluster')}`,
      );
      ctx.output('clusters', clusters);
    },
  });
}
