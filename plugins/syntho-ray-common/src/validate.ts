import { runChecks, requestChecks } from './checks';
import { ExistingCluster } from './existingClusters';
import { SynthoRayPolicy } from './policy';
import { Problem, ProblemList } from './problems';
import { rayClusterRequestSchema } from './request';
import { resolveRequest, ResolvedRequest } from './resolve';
import { problemsFromIssues } from './schemaIssues';

export type {
  LicenseSource,
  ResolvedRequest,
  ResolvedWorkerGroup,
} from './resolve';

/**
 * What {@link validateRequest} needs besides the request.
 *
 * @public
 */
export interface ValidationContext {
  policy: SynthoRayPolicy;
  /** Clusters already in the GitOps repository, for the one-cluster-per-namespace rule. */
  existingClusters?: ExistingCluster[];
}

/**
 * The outcome of validation; `resolved` is set when the request parsed.
 *
 * @public
 */
export interface ValidationResult {
  problems: Problem[];
  errors: Problem[];
  warnings: Problem[];
  resolved?: ResolvedRequest;
}

/**
 * Validates a request against the chart and the platform policy and reports every problem at once,
 * errors apart from warnings, each with its field path and its fix.
 *
 * @public
 */
export function validateRequest(
  input: unknown,
  context: ValidationContext,
): ValidationResult {
  const parsed = rayClusterRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = new ProblemList();
    problems.items.push(
      ...problemsFromIssues(rayClusterRequestSchema, parsed.error.issues),
    );
    return finish(problems);
  }
  const resolved = resolveRequest(parsed.data, context.policy);
  const problems = runChecks(requestChecks, {
    request: parsed.data,
    resolved,
    policy: context.policy,
    existingClusters: context.existingClusters ?? [],
  });
  return finish(problems, resolved);
}

function finish(
  problems: ProblemList,
  resolved?: ResolvedRequest,
): ValidationResult {
  return {
    problems: problems.items,
    errors: problems.errors,
    warnings: problems.warnings,
    resolved: problems.errors.length === 0 ? resolved : undefined,
  };
}
