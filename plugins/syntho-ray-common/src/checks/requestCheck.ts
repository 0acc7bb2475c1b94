import { ExistingCluster } from '../existingClusters';
import { SynthoRayPolicy } from '../policy';
import { ProblemList } from '../problems';
import { ParsedRayClusterRequest } from '../request';
import { ResolvedRequest } from '../resolve';

/** Everything a check may look at: the request as written, as resolved, and what it must fit. */
export interface CheckContext {
  /** The request as parsed, for the few rules that tell a value the requester set from a default. */
  request: ParsedRayClusterRequest;
  resolved: ResolvedRequest;
  policy: SynthoRayPolicy;
  /** Clusters already in the GitOps repository. */
  existingClusters: ExistingCluster[];
}

/** One concern of validation: adds what it finds wrong to `problems`, in the order of the fields. */
export type RequestCheck = (
  context: CheckContext,
  problems: ProblemList,
) => void;
