import {
  checkDns1123Subdomain,
  checkRayClusterTarget,
} from '@syntho-ray/plugin-syntho-ray-common';
import { ClusterKey } from './clusterKey';

/**
 * One segment of a Kubernetes API path, percent-encoded. `.` and `..` are refused: URL parsers
 * resolve them (also as `%2e`) before the request leaves, so no encoding keeps them in place.
 */
export function pathSegment(value: string): string {
  if (!value || /^(\.|%2e){1,2}$/i.test(value))
    throw new Error(`"${value}" cannot be a path segment`);
  return encodeURIComponent(value);
}

/** `/api/v1/namespaces/<namespace>/<resource>` (or `/apis/<group>/<version>/…`), each part encoded. */
export function namespacedPath(
  apiVersion: string,
  namespace: string,
  ...rest: string[]
): string {
  const prefix = apiVersion.includes('/')
    ? `/apis/${apiVersion.split('/').map(pathSegment).join('/')}`
    : `/api/${pathSegment(apiVersion)}`;
  return [prefix, 'namespaces', ...[namespace, ...rest].map(pathSegment)].join(
    '/',
  );
}

/**
 * A label or field selector `key=value`. The value must be a Kubernetes object name (a DNS-1123
 * subdomain, the grammar the request's names are checked against): a selector value with `,`, `=`
 * or `!` would add terms of its own.
 */
export function equalitySelector(key: string, value: string): string {
  if (checkDns1123Subdomain(value))
    throw new Error(`"${value.slice(0, 64)}" cannot be a selector value`);
  return `${key}=${value}`;
}

/**
 * Refuses a key the router would have refused, so that nothing builds a request from it even if
 * a caller skipped the policy check.
 */
export function assertWellFormedKey(key: ClusterKey) {
  const { refusal } = checkRayClusterTarget(
    {
      'syntho.ai/kubernetes-cluster': key.kubernetesCluster,
      'syntho.ai/ray-namespace': key.namespace,
      'syntho.ai/ray-cluster': key.name,
    },
    // Only the form of the names is checked here; the router has checked the policy.
    [
      {
        name: key.kubernetesCluster,
        openshift: false,
        namespaces: [key.namespace],
      },
    ],
  );
  if (refusal)
    throw new Error(
      `Refusing to watch a malformed Ray cluster: ${refusal.diagnoses
        .map(d => d.message)
        .join(' ')}`,
    );
}
