import { ProblemList, quoteForMessage } from '../problems';
import { CheckContext } from './requestCheck';

/** The chart's fixed object names allow one Ray cluster per namespace of a Kubernetes cluster. */
export function checkOneClusterPerNamespace(
  { resolved, existingClusters }: CheckContext,
  problems: ProblemList,
) {
  const occupant = existingClusters.find(
    cluster =>
      cluster.targetCluster === resolved.targetCluster &&
      cluster.namespace === resolved.namespace &&
      cluster.name !== resolved.name,
  );
  if (occupant) {
    problems.error(
      'namespace',
      `Namespace "${resolved.namespace}" on ${
        resolved.targetCluster
      } already holds the Ray cluster "${quoteForMessage(
        occupant.name,
      )}"; the chart creates objects with fixed names (${resolved.profile.fixedObjectNames.join(
        ', ',
      )}), so a second release there would collide.`,
      `Choose another namespace, or change "${quoteForMessage(
        occupant.name,
      )}" instead.`,
    );
  }
}
