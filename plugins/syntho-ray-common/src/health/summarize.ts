import { countOf } from '../wording';
import { diagnose } from './diagnose';
import { eventCount, eventLastSeen } from './events';
import { observedHeadServiceName } from './headService';
import { codePointOrder } from './order';
import { KubeEvent, KubePod } from './kubernetes';
import type { RayClusterObservation } from './observations';
import {
  isPodFailing,
  isPodReady,
  podGroup,
  podRestarts,
  podStatus,
} from './pods';
import {
  Diagnosis,
  RayClusterSummary,
  RayDashboardSummary,
  RayGroupSummary,
  RayPodSummary,
} from './summary';

const MAX_WARNING_EVENTS = 20;

/** An event time in ms; the two event shapes write seconds and microseconds, so strings do not sort. */
function millis(time: string | undefined) {
  return Date.parse(time ?? '') || 0;
}

/** Whether an event is about one of the cluster's objects; `podNames` are the cluster's pods. */
function belongsToCluster(
  event: KubeEvent,
  o: RayClusterObservation,
  podNames: Set<string | undefined>,
) {
  const name = event.involvedObject.name ?? '';
  if (event.involvedObject.kind === 'Pod') return podNames.has(name);
  if (event.involvedObject.kind === 'Deployment')
    return name === o.operatorName;
  return name === o.name || name.startsWith(`${o.name}-`);
}

function podSummary(pod: KubePod): RayPodSummary {
  return {
    name: pod.metadata.name ?? '',
    group: podGroup(pod),
    phase: pod.status?.phase ?? 'Pending',
    status: podStatus(pod),
    ready: isPodReady(pod),
    restarts: podRestarts(pod),
    createdAt: pod.metadata.creationTimestamp,
    node: pod.spec?.nodeName,
  };
}

/** Rows worth showing first: failing, then not ready, then the rest. */
function rowRank(ready: boolean, failing: boolean) {
  if (failing) return 0;
  return ready ? 2 : 1;
}

function groupSummaries(
  o: RayClusterObservation,
  maxPods: number,
): { head: RayGroupSummary; groups: RayGroupSummary[]; pods: RayPodSummary[] } {
  const specs = o.rayCluster?.spec?.workerGroupSpecs ?? [];
  const byGroup = new Map<string, KubePod[]>();
  for (const pod of o.pods) {
    const group = podGroup(pod);
    const members = byGroup.get(group);
    if (members) members.push(pod);
    else byGroup.set(group, [pod]);
  }
  const groupNames = [
    ...specs.map(s => s.groupName),
    ...[...byGroup.keys()].filter(
      g => g !== 'head' && !specs.some(s => s.groupName === g),
    ),
  ];
  const rows: RayPodSummary[] = [];
  const summarise = (name: string, desired: number) => {
    const pods = byGroup.get(name) ?? [];
    // Rows are built only for the pods shown; every pod is counted.
    const ranked = pods
      .map(pod => {
        const ready = isPodReady(pod);
        const failing = isPodFailing(pod);
        return { pod, ready, failing, rank: rowRank(ready, failing) };
      })
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          codePointOrder(a.pod.metadata.name ?? '', b.pod.metadata.name ?? ''),
      );
    rows.push(...ranked.slice(0, maxPods).map(r => podSummary(r.pod)));
    const ready = ranked.filter(r => r.ready).length;
    const failed = ranked.filter(r => !r.ready && r.failing).length;
    return {
      name,
      desired,
      ready,
      failed,
      pending: pods.length - ready - failed,
      omittedPods: Math.max(0, pods.length - maxPods),
    };
  };
  const head = summarise('head', 1);
  const groups = groupNames.map(name => {
    const spec = specs.find(s => s.groupName === name);
    const desired = spec?.suspend
      ? 0
      : spec?.replicas ?? spec?.minReplicas ?? 0;
    return {
      ...summarise(name, desired),
      ...(spec?.minReplicas !== undefined && { minReplicas: spec.minReplicas }),
      ...(spec?.maxReplicas !== undefined && { maxReplicas: spec.maxReplicas }),
    };
  });
  return { head, groups, pods: rows };
}

function verdictOf(
  o: RayClusterObservation,
  head: RayGroupSummary,
  groups: RayGroupSummary[],
  diagnoses: Diagnosis[],
): Pick<RayClusterSummary, 'verdict' | 'reason'> {
  const errors = diagnoses.filter(d => d.severity === 'error');
  const headReady = head.ready >= 1;
  const workersReady = groups.every(g => g.ready >= g.desired);
  if (headReady && workersReady && errors.length === 0) {
    const workers = groups.reduce((n, g) => n + g.ready, 0);
    return {
      verdict: 'Ready',
      reason:
        workers === 0
          ? 'Head ready; the cluster has no workers.'
          : `Head and ${countOf(workers, 'worker')} ready.`,
    };
  }
  if (headReady && errors.length > 0)
    return { verdict: 'Degraded', reason: errors[0].title };
  if (headReady) {
    const short = groups.filter(g => g.ready < g.desired);
    return {
      verdict: 'Progressing',
      reason: `Waiting for workers: ${short
        .map(g => `${g.name} ${g.ready}/${g.desired}`)
        .join(', ')}.`,
    };
  }
  if (errors.length > 0) return { verdict: 'Failed', reason: errors[0].title };
  return {
    verdict: 'Progressing',
    reason:
      o.pods.length === 0
        ? 'The RayCluster exists; waiting for the operator to create pods.'
        : 'Waiting for the head to become ready.',
  };
}

/** The dashboard reading, marked stale when the Ray pods changed after it was started. */
function currentDashboard(
  o: RayClusterObservation,
  dashboard: RayDashboardSummary,
): RayDashboardSummary {
  const readAt = Date.parse(dashboard.readAt ?? '');
  const stale =
    o.podsChangedAt !== undefined &&
    (Number.isNaN(readAt) || readAt < o.podsChangedAt.getTime());
  return stale ? { ...dashboard, stale } : dashboard;
}

/**
 * Derives the verdict, counts and diagnoses of one Ray cluster from what the Kubernetes API shows.
 * Health comes from pods, events, the Service and the operator; `RayCluster.status.state` is only
 * reported, since KubeRay sets it to `ready` once and never clears it. While a source cannot be
 * read, the verdict is `Unknown` and the rest is the last complete summary's, marked `stale`.
 *
 * @public
 */
export function summarizeRayCluster(
  o: RayClusterObservation,
): RayClusterSummary {
  const { diagnoses, decided } = diagnose(o);
  // Only a source that cannot be read leaves the verdict Unknown.
  const unreadable = decided?.verdict === 'Unknown';
  if (unreadable && o.lastComplete)
    return {
      ...o.lastComplete,
      ...decided,
      diagnoses,
      observedAt: o.now.toISOString(),
      stale: { observedAt: o.lastComplete.observedAt },
    };
  const maxPods = o.maxPodsPerGroup ?? 50;
  const { head, groups, pods } = groupSummaries(o, maxPods);
  const serviceName = observedHeadServiceName(o.name, o.rayCluster);
  const service = o.services.find(s => s.metadata.name === serviceName);
  const { verdict, reason } = decided ?? verdictOf(o, head, groups, diagnoses);
  const podNames = new Set(o.pods.map(pod => pod.metadata.name));
  const warningEvents = o.events
    .filter(e => e.type === 'Warning' && belongsToCluster(e, o, podNames))
    .sort((a, b) => millis(eventLastSeen(b)) - millis(eventLastSeen(a)))
    .slice(0, MAX_WARNING_EVENTS)
    .map(e => ({
      kind: e.involvedObject.kind ?? '',
      name: e.involvedObject.name ?? '',
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: eventCount(e),
      lastSeen: eventLastSeen(e),
    }));
  return {
    kubernetesCluster: o.kubernetesCluster,
    namespace: o.namespace,
    name: o.name,
    verdict,
    reason,
    observedAt: o.now.toISOString(),
    ...(o.rayCluster && {
      rayCluster: {
        apiVersion: o.rayCluster.apiVersion ?? 'ray.io/v1',
        rayVersion: o.rayCluster.spec?.rayVersion,
        reportedState: o.rayCluster.status?.state,
        createdAt: o.rayCluster.metadata.creationTimestamp,
      },
    }),
    ...(o.operator && {
      operator: {
        name: o.operatorName,
        desired: o.operator.spec?.replicas ?? 1,
        available: o.operator.status?.availableReplicas ?? 0,
      },
    }),
    head,
    groups,
    pods,
    service: {
      name: serviceName,
      exists: Boolean(service),
      clusterIP: service?.spec?.clusterIP,
      ports: (service?.spec?.ports ?? []).map(p => ({
        name: p.name,
        port: p.port,
      })),
      rayAddress: `${serviceName}.${o.namespace}.svc.cluster.local`,
    },
    diagnoses,
    warningEvents,
    // The dashboard is read through the head Service: without it, a reading is stale.
    ...(service &&
      o.dashboard && { dashboard: currentDashboard(o, o.dashboard) }),
    ...(unreadable && { stale: {} }),
    ...(o.simulated && { simulated: true }),
  };
}
