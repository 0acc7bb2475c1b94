import { KubeContainerStatus, KubePod } from './kubernetes';

/**
 * KubeRay's pod labels.
 *
 * @public
 */
export const RAY_LABELS = {
  cluster: 'ray.io/cluster',
  nodeType: 'ray.io/node-type',
  group: 'ray.io/group',
} as const;

/** Container waiting reasons that will not clear by themselves. */
const FAILING_WAITING_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** `head` or the pod's worker group. */
export function podGroup(pod: KubePod): string {
  const labels = pod.metadata.labels ?? {};
  if (labels[RAY_LABELS.nodeType] === 'head') return 'head';
  return labels[RAY_LABELS.group] ?? 'unknown';
}

export function isPodReady(pod: KubePod): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    pod.status?.phase === 'Running' &&
    (pod.status.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

export function allContainerStatuses(pod: KubePod): KubeContainerStatus[] {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
}

export function isPodFailing(pod: KubePod): boolean {
  if (pod.status?.phase === 'Failed') return true;
  return allContainerStatuses(pod).some(status =>
    FAILING_WAITING_REASONS.has(status.state?.waiting?.reason ?? ''),
  );
}

export function podRestarts(pod: KubePod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (sum, status) => sum + (status.restartCount ?? 0),
    0,
  );
}

function initStatus(pod: KubePod): string | undefined {
  const inits = pod.status?.initContainerStatuses ?? [];
  for (const [index, status] of inits.entries()) {
    if (status.state?.terminated?.exitCode === 0) continue;
    const reason =
      status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason && reason !== 'PodInitializing') return `Init:${reason}`;
    return `Init:${index}/${inits.length}`;
  }
  return undefined;
}

/** A status like kubectl's STATUS column. */
export function podStatus(pod: KubePod): string {
  if (pod.status?.reason === 'NodeLost' || pod.status?.phase === 'Unknown')
    return 'Unknown';
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const init = initStatus(pod);
  if (init) return init;
  for (const status of pod.status?.containerStatuses ?? []) {
    const reason =
      status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason) return reason;
  }
  const unschedulable = (pod.status?.conditions ?? []).find(
    c => c.type === 'PodScheduled' && c.status === 'False',
  );
  if (unschedulable) return unschedulable.reason ?? 'Pending';
  return pod.status?.reason ?? pod.status?.phase ?? 'Pending';
}

/** The most recent termination of one of the pod's containers, current or last. */
export function lastTermination(pod: KubePod, containerName?: string) {
  for (const status of pod.status?.containerStatuses ?? []) {
    if (containerName && status.name !== containerName) continue;
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    if (terminated) return { container: status.name, ...terminated };
  }
  return undefined;
}
