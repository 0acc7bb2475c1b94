import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATIONS,
  countOf,
  existingClustersSchema,
  RAY_CLUSTER_RESOURCE_TYPE,
} from '@syntho-ray/plugin-syntho-ray-common';
import { stringify } from 'yaml';
import { z } from 'zod';
import { actionJsonSchema } from './renderInput';

/** The output, described by the one existing-clusters schema that render's input reads. */
const outputSchema = z.object({
  clusters: existingClustersSchema.describe('Known Ray clusters'),
});

/**
 * `syntho:rayCluster:listClusters`: the Ray clusters the catalog knows (Resources of type ray-cluster,
 * registered by earlier requests), so that `render` can keep one cluster per namespace.
 *
 * @public
 */
export function createListClustersAction(options: { catalog: CatalogService }) {
  const action = createTemplateAction({
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
      // Replaced below by the JSON Schema of the shared existing-clusters schema.
      output: {
        clusters: zod => zod.array(zod.unknown()),
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
  return {
    ...action,
    schema: {
      ...action.schema,
      output: actionJsonSchema(outputSchema, 'output'),
    },
  };
}
