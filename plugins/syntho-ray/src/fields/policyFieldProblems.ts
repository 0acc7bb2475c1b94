import {
  Problem,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { PolicyList } from './policyList';

/** The request path each free-text list of the picker ends in. */
const CHECKED_PATHS: Partial<Record<PolicyList, string>> = {
  namespaces: 'namespace',
  rayTags: 'images.rayTag',
  operatorTags: 'images.operatorTag',
};

/**
 * The problems (errors and warnings, in words) the request validation finds in the value of one
 * picker, e.g. a namespace that is not a DNS label or a floating `latest` image tag: the same checks
 * the scaffolder action makes, shown while the user types.
 *
 * @public
 */
export function policyFieldProblems(
  list: PolicyList,
  value: string | undefined,
  formData: Record<string, any> | undefined,
  policy: SynthoRayPolicy,
): Problem[] {
  const path = CHECKED_PATHS[list];
  if (!path || !value) return [];
  const request = {
    name: formData?.name || 'ray-cluster',
    namespace: list === 'namespaces' ? value : formData?.namespace || 'syntho',
    targetCluster: formData?.targetCluster,
    preset: 'development',
    images: {
      rayTag: list === 'rayTags' ? value : undefined,
      operatorTag: list === 'operatorTags' ? value : undefined,
    },
  };
  return validateRequest(request, { policy }).problems.filter(
    problem => problem.path === path,
  );
}
