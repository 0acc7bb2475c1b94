import { checkDns1035Label } from '../names';
import { headServiceName } from '../profiles';
import type { KubeRayCluster } from './kubernetes';

/**
 * The Ray cluster's head Service name: what KubeRay ≥ 1.2 reports in `status.head.serviceName`,
 * when that is a Service name (it comes from the cluster, so it is checked like any input), else
 * the name every KubeRay version derives from the cluster's ({@link headServiceName}).
 *
 * @public
 */
export function observedHeadServiceName(
  name: string,
  rayCluster?: KubeRayCluster,
): string {
  const reported: unknown = rayCluster?.status?.head?.serviceName;
  return typeof reported === 'string' && !checkDns1035Label(reported)
    ? reported
    : headServiceName(name);
}
