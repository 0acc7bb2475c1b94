import { z } from 'zod';

/**
 * A Ray cluster that already exists (or is requested) in the GitOps repository: an item of the
 * output of syntho:rayCluster:listClusters, the `existingClusters` input of render and the CLI's
 * `--existing` file. Read from catalog annotations anyone may write, and only compared, never
 * rendered: no length limit, so that one odd entity cannot stop every request.
 *
 * @public
 */
export const existingClusterSchema = z.strictObject({
  targetCluster: z.string().describe('Kubernetes cluster'),
  namespace: z.string().describe('Namespace'),
  name: z.string().describe('Ray cluster name'),
});

/**
 * The clusters that already exist, as {@link existingClusterSchema} describes each.
 *
 * @public
 */
export const existingClustersSchema = z
  .array(existingClusterSchema)
  .max(100_000);

/**
 * A Ray cluster that already exists (or is requested) in the GitOps repository.
 *
 * @public
 */
export type ExistingCluster = z.infer<typeof existingClusterSchema>;
