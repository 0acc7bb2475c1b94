import { parseQuantity } from '../quantity';
import {
  DEFAULT_PULL_SECRET,
  MIN_HEAD_MEMORY,
  MIN_HEAD_MEMORY_BYTES,
} from '../synthoDefaults';
import { observedHeadServiceName } from './headService';
import { KubeEvent, KubePod } from './kubernetes';
import {
  allContainerStatuses,
  isPodReady,
  lastTermination,
  podGroup,
  podStatus,
} from './pods';
import { shellCommand } from './shell';
import { Diagnosis, DiagnosisEvidence } from './summary';
import type { RayClusterObservation } from './summarize';
import { agreeing, countOf, listOf } from '../wording';

/** Workers may wait this long for the head's GCS before it counts as a problem of its own. */
const WORKER_INIT_GRACE_MS = 3 * 60_000;
const PIDS_EXHAUSTION =
  /pthread_create failed|can't start new thread|Resource temporarily unavailable|fork: retry|pids\.max/i;
/** What a pids limit makes bash (`fork: retry: …`), Python and Ray's C++ print; narrower than the above, as logs say much else. */
const PIDS_EXHAUSTION_IN_LOG =
  /pthread_create failed|can't start new thread|fork: (retry: )?Resource temporarily unavailable/i;
const UNAUTHORIZED_PULL =
  /unauthorized|authentication required|pull access denied|no basic auth|401|403|denied/i;

function podEvidence(pod: KubePod, reason?: string, message?: string) {
  return { kind: 'Pod', name: pod.metadata.name ?? '', reason, message };
}

function eventEvidence(event: KubeEvent): DiagnosisEvidence {
  return {
    kind: event.involvedObject.kind ?? 'Event',
    name: event.involvedObject.name ?? '',
    reason: event.reason,
    message: event.message,
  };
}

function eventsFor(events: KubeEvent[], pod: KubePod) {
  return events.filter(
    e =>
      e.involvedObject.kind === 'Pod' &&
      e.involvedObject.name === pod.metadata.name,
  );
}

/** "2 pods of head and workergroup". */
function podsOfGroups(pods: KubePod[]) {
  return `${countOf(pods.length, 'pod')} of ${listOf(
    new Set(pods.map(podGroup)),
  )}`;
}

function imagePull(o: RayClusterObservation): Diagnosis[] {
  const pulling = o.pods.filter(pod =>
    allContainerStatuses(pod).some(s =>
      ['ImagePullBackOff', 'ErrImagePull'].includes(
        s.state?.waiting?.reason ?? '',
      ),
    ),
  );
  if (pulling.length === 0) return [];
  const evidence = pulling.slice(0, 3).map(pod => {
    const waiting = allContainerStatuses(pod).find(
      s => s.state?.waiting?.reason,
    )!.state!.waiting!;
    return podEvidence(pod, waiting.reason, waiting.message);
  });
  const messages = [
    ...evidence.map(e => e.message ?? ''),
    ...pulling.flatMap(pod => eventsFor(o.events, pod)).map(e => e.message),
  ].join('\n');
  const secret =
    pulling[0].spec?.imagePullSecrets?.[0]?.name ?? DEFAULT_PULL_SECRET;
  const denied = UNAUTHORIZED_PULL.test(messages);
  const notFound = /not found|manifest unknown/i.test(messages) && !denied;
  let fix = `Check that the pull secret "${secret}" exists in namespace ${
    o.namespace
  } with credentials for Syntho's registry (${shellCommand(
    'kubectl',
    '-n',
    o.namespace,
    'create',
    'secret',
    'docker-registry',
    secret,
    '--docker-server=syntho.azurecr.io',
  )} --docker-username=… --docker-password=…), and that the image tag exists.`;
  if (notFound)
    fix =
      'The image tag does not exist in the registry: request the cluster again with a tag the platform policy allows.';
  return [
    {
      id: 'image-pull',
      severity: 'error',
      title: 'Images cannot be pulled',
      message: `${podsOfGroups(pulling)} cannot pull ${agreeing(
        pulling.length,
        'its',
        'their',
      )} image${denied ? ': the registry refused the credentials' : ''}.`,
      evidence,
      fix,
    },
  ];
}

function pvcPending(o: RayClusterObservation): Diagnosis[] {
  const evidence = o.events
    .filter(
      e =>
        (e.reason === 'FailedScheduling' &&
          /unbound (immediate )?PersistentVolumeClaims/i.test(
            e.message ?? '',
          )) ||
        (e.involvedObject.kind === 'PersistentVolumeClaim' &&
          e.type === 'Warning'),
    )
    .map(eventEvidence);
  if (evidence.length === 0) return [];
  return [
    {
      id: 'pvc-pending',
      severity: 'error',
      title: 'The shared volume is not bound',
      message:
        'A PersistentVolumeClaim of the cluster stays Pending, so the pods that mount it cannot start.',
      evidence: evidence.slice(0, 3),
      fix: 'The shared volume is mounted by several pods and needs a ReadWriteMany storage class (e.g. azurefile-csi, NFS, CephFS). Request the cluster again with a ReadWriteMany class from the policy, or ask the platform team to provide one.',
    },
  ];
}

function memoryLimitOf(pod: KubePod, container: string) {
  const spec = pod.spec?.containers?.find(c => c.name === container);
  return spec?.resources?.limits?.memory;
}

function headOomKilled(o: RayClusterObservation): Diagnosis[] {
  const heads = o.pods.filter(pod => podGroup(pod) === 'head');
  const result: Diagnosis[] = [];
  for (const head of heads) {
    const termination = lastTermination(head);
    if (termination?.reason !== 'OOMKilled') continue;
    const limit = memoryLimitOf(head, termination.container);
    const below =
      limit !== undefined && parseQuantity(limit) < MIN_HEAD_MEMORY_BYTES;
    result.push({
      id: 'head-oom-killed',
      severity: 'error',
      title: 'The Ray head ran out of memory',
      message: `The head container was OOMKilled${
        limit === undefined ? '' : ` at its ${limit} limit`
      }${
        below ? `, below the ${MIN_HEAD_MEMORY} minimum Syntho requires` : ''
      }.`,
      evidence: [podEvidence(head, 'OOMKilled', termination.message)],
      fix: below
        ? `Give the head at least ${MIN_HEAD_MEMORY} of memory (Syntho recommends 64G for production): request the cluster again with a larger head.`
        : 'Give the head more memory (request the cluster again with a larger head) or move heavy tasks off the head.',
    });
  }
  return result;
}

function unschedulable(o: RayClusterObservation): Diagnosis[] {
  const pending = o.pods
    .map(pod => ({
      pod,
      condition: (pod.status?.conditions ?? []).find(
        c =>
          c.type === 'PodScheduled' &&
          c.status === 'False' &&
          c.reason === 'Unschedulable',
      ),
    }))
    .filter(p => p.condition)
    .filter(
      p =>
        !/unbound (immediate )?PersistentVolumeClaims/i.test(
          p.condition!.message ?? '',
        ),
    );
  if (pending.length === 0) return [];
  const messages = pending.map(p => p.condition!.message ?? '').join('\n');
  const resources = [
    ...new Set(
      [...messages.matchAll(/Insufficient ([\w./-]+)/g)].map(m =>
        m[1].replace(/\.$/, ''),
      ),
    ),
  ];
  // System nodes' taints appear in every scheduler message; they matter only when no node lacks
  // resources.
  const placement =
    /didn't match Pod's node (affinity|selector)/i.test(messages) ||
    (resources.length === 0 && /untolerated taint/i.test(messages));
  const fixes: string[] = [];
  if (resources.length > 0)
    fixes.push(
      `No node has enough free ${resources.join(
        ' and ',
      )}: lower the group's requests to fit the largest node, or ask the platform team to add nodes or enable the cluster autoscaler for this node pool.`,
    );
  if (placement)
    fixes.push(
      "No node matches the group's node selector, affinity or tolerations: correct them in the request.",
    );
  if (fixes.length === 0)
    fixes.push('Read the scheduler message and adjust the request.');
  return [
    {
      id: 'unschedulable',
      severity: 'error',
      title: 'Pods cannot be scheduled',
      message: `${podsOfGroups(pending.map(p => p.pod))} ${agreeing(
        pending.length,
        'fits',
        'fit',
      )} on no node.`,
      evidence: pending
        .slice(0, 3)
        .map(p =>
          podEvidence(p.pod, 'Unschedulable', p.condition!.message ?? ''),
        ),
      fix: fixes.join(' '),
    },
  ];
}

function workersWaitingForHead(o: RayClusterObservation): Diagnosis[] {
  const waiting = o.pods.filter(
    pod => podGroup(pod) !== 'head' && podStatus(pod).startsWith('Init:'),
  );
  if (waiting.length === 0) return [];
  const head = o.pods.find(pod => podGroup(pod) === 'head');
  const serviceName = observedHeadServiceName(o.name, o.rayCluster);
  const service = o.services.find(s => s.metadata.name === serviceName);
  const now = o.now.getTime();
  const longest = Math.max(
    ...waiting.map(
      pod =>
        now - Date.parse(pod.metadata.creationTimestamp ?? o.now.toISOString()),
    ),
  );
  const evidence = waiting
    .slice(0, 3)
    .map(pod => podEvidence(pod, podStatus(pod)));
  if (!service) {
    return [
      {
        id: 'workers-waiting-for-head',
        severity: 'error',
        title: 'Workers wait for a head Service that does not exist',
        message: `${countOf(waiting.length, 'worker pod')} ${agreeing(
          waiting.length,
          'is',
          'are',
        )} in init, waiting for ${serviceName}, which does not exist.`,
        evidence,
        fix: `The KubeRay operator creates ${serviceName}; check that the operator runs (${shellCommand(
          'kubectl',
          '-n',
          o.namespace,
          'logs',
          'deploy/kuberay-operator',
        )}) and that the RayCluster is valid.`,
      },
    ];
  }
  if (!head || !isPodReady(head)) {
    return [
      {
        id: 'workers-waiting-for-head',
        severity: 'warning',
        title: 'Workers wait for the head',
        message: `${countOf(waiting.length, 'worker pod')} ${agreeing(
          waiting.length,
          'waits',
          'wait',
        )} in init until the head's GCS answers on ${serviceName}:6379.`,
        evidence,
        fix: 'Fix the head first (see its diagnosis); the workers start by themselves once it is ready.',
      },
    ];
  }
  if (longest < WORKER_INIT_GRACE_MS) return [];
  return [
    {
      id: 'workers-waiting-for-head',
      severity: 'error',
      title: 'Workers cannot reach the head',
      message: `The head is ready but ${countOf(
        waiting.length,
        'worker pod',
      )} ${agreeing(
        waiting.length,
        'has',
        'have',
      )} waited in init for over ${Math.round(
        longest / 60_000,
      )} min to reach ${serviceName}:6379.`,
      evidence,
      fix: `Check that a NetworkPolicy allows traffic from the workers to ${serviceName} on port 6379 and that cluster DNS resolves ${serviceName}.${o.namespace}.svc.cluster.local.`,
    },
  ];
}

function operatorNotRunning(o: RayClusterObservation): Diagnosis[] {
  if (o.operator === undefined) return [];
  const name = o.operatorName;
  const available = o.operator?.status?.availableReplicas ?? 0;
  if (o.operator && available > 0) return [];
  const condition = o.operator?.status?.conditions?.find(
    c => c.status === 'False',
  );
  return [
    {
      id: 'operator-not-running',
      severity: 'error',
      title: 'The KubeRay operator is not running',
      message: o.operator
        ? `Deployment ${name} has no available replica, so nobody reconciles the RayCluster (failed pods are not replaced).`
        : `There is no Deployment ${name} in ${o.namespace}, so nobody reconciles the RayCluster.`,
      evidence: [
        {
          kind: 'Deployment',
          name,
          reason: condition?.reason ?? (o.operator ? undefined : 'NotFound'),
          message: condition?.message,
        },
      ],
      fix: o.operator
        ? `Look at why the operator's pod does not start: ${shellCommand(
            'kubectl',
            '-n',
            o.namespace,
            'describe',
            'deployment',
            name,
          )} (often its image pull secret or resources).`
        : 'Sync the cluster\'s GitOps application so the chart installs the operator (the chart value "operator" must stay enabled).',
    },
  ];
}

/**
 * Evidence that a pod's processes could not start threads: a termination message saying so (only
 * where the container writes one, or with `terminationMessagePolicy: FallbackToLogsOnError`),
 * else the previous log of one of its containers. Of a log only the phrase matched is quoted:
 * viewers of the status page may not read logs.
 */
function pidsEvidence(
  pod: KubePod,
  logs: RayClusterObservation['previousLogs'],
): DiagnosisEvidence | undefined {
  const termination = lastTermination(pod);
  if (termination && PIDS_EXHAUSTION.test(termination.message ?? ''))
    return podEvidence(pod, termination.reason, termination.message);
  for (const log of logs ?? []) {
    if (log.pod !== pod.metadata.name) continue;
    const phrase = PIDS_EXHAUSTION_IN_LOG.exec(log.text)?.[0];
    if (phrase)
      return podEvidence(
        pod,
        lastTermination(pod, log.container)?.reason ?? 'Error',
        `previous log of ${log.container}: "${phrase}"`,
      );
  }
  return undefined;
}

function pidsExhausted(o: RayClusterObservation): Diagnosis[] {
  const hits: DiagnosisEvidence[] = [];
  for (const pod of o.pods) {
    const evidence = pidsEvidence(pod, o.previousLogs);
    if (evidence) hits.push(evidence);
  }
  for (const event of o.events) {
    if (PIDS_EXHAUSTION.test(event.message ?? ''))
      hits.push(eventEvidence(event));
  }
  if (hits.length === 0) return [];
  return [
    {
      id: 'pids-exhausted',
      severity: 'error',
      title: 'Ray ran out of processes (pids limit)',
      message:
        'Ray processes failed to start threads: the container runtime’s pids limit is exhausted.',
      evidence: hits.slice(0, 3),
      fix: o.openshift
        ? "OpenShift's CRI-O limits a container to 1024 pids; apply the ContainerRuntimeConfig from the cluster's pull request (pidsLimit: 8096) to the worker machine config pool."
        : "Raise the container runtime's pids limit on the nodes (about 8096 for Syntho's Ray).",
    },
  ];
}

function crashLoop(
  o: RayClusterObservation,
  explained: Set<string>,
): Diagnosis[] {
  const crashing = o.pods.filter(
    pod =>
      !explained.has(pod.metadata.name ?? '') &&
      (pod.status?.containerStatuses ?? []).some(
        s => s.state?.waiting?.reason === 'CrashLoopBackOff',
      ),
  );
  if (crashing.length === 0) return [];
  return [
    {
      id: 'crash-loop',
      severity: 'error',
      title: 'Containers keep crashing',
      message: `${podsOfGroups(crashing)} ${agreeing(
        crashing.length,
        'restarts',
        'restart',
      )} again and again.`,
      evidence: crashing.slice(0, 3).map(pod => {
        const termination = lastTermination(pod);
        return podEvidence(
          pod,
          termination?.reason ?? 'CrashLoopBackOff',
          termination?.message ??
            (termination?.exitCode !== undefined
              ? `exit code ${termination.exitCode}`
              : undefined),
        );
      }),
      fix: `Read the crashed container's log: ${shellCommand(
        'kubectl',
        '-n',
        o.namespace,
        'logs',
        crashing[0].metadata.name ?? '',
        '--previous',
      )}. A missing or invalid license Secret makes Syntho's Ray exit at start.`,
    },
  ];
}

function nodeLost(o: RayClusterObservation): Diagnosis[] {
  const onNotReadyNodes = new Set(
    o.events
      .filter(
        e => e.involvedObject.kind === 'Pod' && e.reason === 'NodeNotReady',
      )
      .map(e => e.involvedObject.name),
  );
  const lost = o.pods.filter(
    pod =>
      pod.status?.reason === 'NodeLost' ||
      pod.status?.phase === 'Unknown' ||
      onNotReadyNodes.has(pod.metadata.name),
  );
  const affected = lost.filter(pod => !isPodReady(pod));
  if (affected.length === 0) return [];
  const nodes = [...new Set(affected.map(pod => pod.spec?.nodeName ?? '?'))];
  return [
    {
      id: 'node-lost',
      severity: 'error',
      title: 'A node was lost',
      message: `${podsOfGroups(affected)} ran on ${listOf(
        nodes,
      )}, which stopped answering.`,
      evidence: affected
        .slice(0, 3)
        .map(pod =>
          podEvidence(
            pod,
            pod.status?.reason ?? 'NodeNotReady',
            `node ${pod.spec?.nodeName ?? '?'}`,
          ),
        ),
      fix: `Check the node (${shellCommand(
        'kubectl',
        'describe',
        'node',
        nodes[0],
      )}). Kubernetes evicts its pods after about 5 minutes and the operator recreates them elsewhere; a lost head restarts the whole cluster's jobs.`,
    },
  ];
}

/** Every diagnosis for an observation of a deployed cluster, most fundamental first. */
export function diagnose(o: RayClusterObservation): Diagnosis[] {
  const early = [
    ...operatorNotRunning(o),
    ...imagePull(o),
    ...pvcPending(o),
    ...headOomKilled(o),
    ...pidsExhausted(o),
    ...unschedulable(o),
    ...nodeLost(o),
  ];
  const explained = new Set(
    early.flatMap(d =>
      d.evidence.filter(e => e.kind === 'Pod').map(e => e.name),
    ),
  );
  return [...early, ...crashLoop(o, explained), ...workersWaitingForHead(o)];
}
