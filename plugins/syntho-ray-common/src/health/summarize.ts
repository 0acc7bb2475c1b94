import { countOf } from '../wording';
import { diagnose } from './diagnoses';
import { eventCount, eventLastSeen } from './events';
import { observedHeadServiceName } from './headService';
import { codePointOrder } from './order';
import {
  KubeDeployment,
  KubeEvent,
  KubePod,
  KubeRayCluster,
  KubeService,
} from './kubernetes';
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

/**
 * The name of the KubeRay operator's Deployment the chart installs.
 *
 * @public
 */
export const OPERATOR_DEPLOYMENT_NAME = 'kuberay-operator';

/**
 * Why a source could not be read from the Kubernetes API.
 *
 * @public
 */
export interface ObservationError {
  source: 'pods' | 'services' | 'events' | 'deployments' | 'rayclusters';
  /** HTTP status, when the API answered. */
  status?: number;
  message: string;
}

/**
 * The end of a crashed container's previous log. Only the health model reads it: a summary
 * carries at most the known phrase it matched, never the log.
 *
 * @public
 */
export interface PreviousContainerLog {
  pod: string;
  container: string;
  text: string;
}

/**
 * Everything the backend knows about one Ray cluster at one moment.
 *
 * @public
 */
export interface RayClusterObservation {
  kubernetesCluster: string;
  namespace: string;
  /** The RayCluster's name (and the Helm release's). */
  name: string;
  now: Date;
  pods: KubePod[];
  services: KubeService[];
  events: KubeEvent[];
  /** `null`: there is no operator Deployment; `undefined`: not known. */
  operator?: KubeDeployment | null;
  operatorName: string;
  rayCluster?: KubeRayCluster;
  /** The API has no `rayclusters` resource: the CRDs are not installed. */
  rayClusterCrdMissing?: boolean;
  openshift?: boolean;
  /**
   * The ends of crashed containers' previous logs (`pods/<pod>/log?previous=true`), which the
   * backend reads for a few crash-looping pods: with the default `terminationMessagePolicy: File`
   * the kubelet leaves `terminated.message` empty, so a log is where a crash says why.
   */
  previousLogs?: PreviousContainerLog[];
  dashboard?: RayDashboardSummary;
  /**
   * When the watch last saw a Ray pod become unready, restart, appear or go away: a dashboard
   * reading started before then is marked stale.
   */
  podsChangedAt?: Date;
  errors?: ObservationError[];
  /**
   * The summary made just before a source could no longer be read. While one cannot, its counts,
   * pods, Service, events and dashboard are shown as last known, with its time, instead of the
   * empty lists an unreadable API leaves.
   */
  lastComplete?: RayClusterSummary;
  simulated?: boolean;
  /** Pod rows kept per group; the rest are counted in `omittedPods`. Default 50. */
  maxPodsPerGroup?: number;
}

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

function unavailable(
  o: RayClusterObservation,
): Pick<RayClusterSummary, 'verdict' | 'reason' | 'diagnoses'> | undefined {
  const errors = o.errors ?? [];
  const forbidden = errors.find(e => e.status === 401 || e.status === 403);
  if (forbidden)
    return {
      verdict: 'Unknown',
      reason: `Backstage may not read ${forbidden.source} in ${o.namespace} on ${o.kubernetesCluster} (${forbidden.status}).`,
      diagnoses: [
        {
          id: 'api-forbidden',
          severity: 'error',
          title: 'Backstage is not allowed to read the cluster',
          message: forbidden.message,
          // The error's message is the diagnosis's: said once.
          evidence: [
            {
              kind: 'Cluster',
              name: o.kubernetesCluster,
              reason: String(forbidden.status),
            },
          ],
          fix: `Give the Kubernetes plugin's service account for ${o.kubernetesCluster} get, list and watch on pods, services, events, deployments and rayclusters.ray.io in ${o.namespace}, and check its token in the kubernetes: config.`,
        },
      ],
    };
  const down = errors.find(e => e.source === 'pods') ?? errors[0];
  if (!down) return undefined;
  return {
    verdict: 'Unknown',
    reason: `The Kubernetes API of ${o.kubernetesCluster} does not answer.`,
    diagnoses: [
      {
        id: 'api-unreachable',
        severity: 'error',
        title: 'The Kubernetes API does not answer',
        message: down.message,
        evidence: [
          {
            kind: 'Cluster',
            name: o.kubernetesCluster,
            reason: down.status ? String(down.status) : 'Unreachable',
          },
        ],
        fix: `Check that the API server of ${o.kubernetesCluster} is up and reachable from Backstage (the url in the kubernetes: config). The page recovers by itself when it answers.`,
      },
    ],
  };
}

function notFound(
  o: RayClusterObservation,
): Pick<RayClusterSummary, 'verdict' | 'reason' | 'diagnoses'> | undefined {
  if (o.rayClusterCrdMissing)
    return {
      verdict: 'NotFound',
      reason: `The RayCluster resource type does not exist on ${o.kubernetesCluster}.`,
      diagnoses: [
        {
          id: 'crds-missing',
          severity: 'error',
          title: "KubeRay's CRDs are not installed",
          message: `The API of ${o.kubernetesCluster} has no rayclusters.ray.io.`,
          evidence: [
            {
              kind: 'CustomResourceDefinition',
              name: 'rayclusters.ray.io',
              reason: 'NotFound',
            },
          ],
          fix: `Sync the cluster's CRD application (${o.name}-crds, with Replace=true) or apply the chart's CRDs: kubectl apply --server-side -f crds/.`,
        },
      ],
    };
  if (o.rayCluster || o.pods.length > 0) return undefined;
  return {
    verdict: 'NotFound',
    reason: `No RayCluster ${o.name} in ${o.namespace} on ${o.kubernetesCluster} yet.`,
    diagnoses: [
      {
        id: 'raycluster-missing',
        severity: 'warning',
        title: 'Not deployed yet',
        message: `There is no RayCluster ${o.name} in ${o.namespace}.`,
        evidence: [{ kind: 'RayCluster', name: o.name, reason: 'NotFound' }],
        fix: "Merge the cluster's pull request in the GitOps repository and let Argo CD or Flux sync it; if it is merged, check the application's sync status.",
      },
    ],
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
  const down = unavailable(o);
  if (down && o.lastComplete)
    return {
      ...o.lastComplete,
      ...down,
      observedAt: o.now.toISOString(),
      stale: { observedAt: o.lastComplete.observedAt },
    };
  const maxPods = o.maxPodsPerGroup ?? 50;
  const { head, groups, pods } = groupSummaries(o, maxPods);
  const serviceName = observedHeadServiceName(o.name, o.rayCluster);
  const service = o.services.find(s => s.metadata.name === serviceName);
  const early = down ?? notFound(o);
  const diagnoses = early?.diagnoses ?? diagnose(o);
  const { verdict, reason } = early ?? verdictOf(o, head, groups, diagnoses);
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
    ...(down && { stale: {} }),
    ...(o.simulated && { simulated: true }),
  };
}
