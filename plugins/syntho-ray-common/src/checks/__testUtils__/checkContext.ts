import { ExistingCluster } from '../../existingClusters';
import { parsePolicy, SynthoRayPolicyInput } from '../../policy';
import { Problem } from '../../problems';
import { rayClusterRequestSchema } from '../../request';
import { resolveRequest } from '../../resolve';
import { runChecks } from '..';
import { CheckContext, RequestCheck } from '../requestCheck';

const policyInput: SynthoRayPolicyInput = {
  storage: {
    classes: [
      { name: 'azurefile', readWriteMany: true },
      { name: 'managed-csi', readWriteMany: false },
    ],
    defaultClass: 'azurefile',
  },
  targets: [
    { name: 'aks-prod', namespaces: ['syntho', 'synthesis'] },
    { name: 'ocp', openshift: true, namespaces: ['syntho', 'synthesis'] },
  ],
};

/** A request every check accepts: each test changes only what its check is about. */
export const validRequest = {
  name: 'ray-cluster',
  namespace: 'syntho',
  preset: 'production',
  images: { rayTag: '2.9.3', operatorTag: '1.4.0' },
};

/** Options of {@link contextFor} besides the request. */
export interface ContextOptions {
  /** Merged over the test policy's top-level sections. */
  policy?: SynthoRayPolicyInput;
  existingClusters?: ExistingCluster[];
}

/** The context validation gives the checks for {@link validRequest} with `overrides`. */
export function contextFor(
  overrides: Record<string, unknown> = {},
  options: ContextOptions = {},
): CheckContext {
  const request = rayClusterRequestSchema.parse({
    ...validRequest,
    ...overrides,
  });
  const policy = parsePolicy({ ...policyInput, ...options.policy });
  return {
    request,
    resolved: resolveRequest(request, policy),
    policy,
    existingClusters: options.existingClusters ?? [],
  };
}

/** What `check` alone, run as validation runs its list, finds in the request. */
export function problemsOf(
  check: RequestCheck,
  overrides: Record<string, unknown> = {},
  options: ContextOptions = {},
): Problem[] {
  return runChecks([check], contextFor(overrides, options)).items;
}
