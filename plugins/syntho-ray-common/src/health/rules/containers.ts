import { parseQuantity } from '../../quantity';
import {
  DEFAULT_PULL_SECRET,
  MIN_HEAD_MEMORY,
  MIN_HEAD_MEMORY_BYTES,
} from '../../synthoDefaults';
import { agreeing } from '../../wording';
import { KubePod } from '../kubernetes';
import type { RayClusterObservation } from '../observations';
import { allContainerStatuses, lastTermination, podGroup } from '../pods';
import { shellCommand } from '../shell';
import { Diagnosis, DiagnosisEvidence } from '../summary';
import {
  DiagnosisRule,
  eventEvidence,
  eventsFor,
  podEvidence,
  podsOfGroups,
} from './rule';

const PIDS_EXHAUSTION =
  /pthread_create failed|can't start new thread|Resource temporarily unavailable|fork: retry|pids\.max/i;
/** What a pids limit makes bash (`fork: retry: …`), Python and Ray's C++ print; narrower than the above, as logs say much else. */
const PIDS_EXHAUSTION_IN_LOG =
  /pthread_create failed|can't start new thread|fork: (retry: )?Resource temporarily unavailable/i;
const UNAUTHORIZED_PULL =
  /unauthorized|authentication required|pull access denied|no basic auth|401|403|denied/i;

function diagnoseImagePull(o: RayClusterObservation): Diagnosis[] {
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

function memoryLimitOf(pod: KubePod, container: string) {
  const spec = pod.spec?.containers?.find(c => c.name === container);
  return spec?.resources?.limits?.memory;
}

function diagnoseHeadOomKilled(o: RayClusterObservation): Diagnosis[] {
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

function diagnosePidsExhausted(o: RayClusterObservation): Diagnosis[] {
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

function diagnoseCrashLoop(
  o: RayClusterObservation,
  explained: ReadonlySet<string>,
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

/** Containers wait for an image the registry does not give. */
export const imagePull: DiagnosisRule = {
  id: 'image-pull',
  explainsPods: true,
  diagnose: diagnoseImagePull,
};

/** A head container was OOMKilled. */
export const headOomKilled: DiagnosisRule = {
  id: 'head-oom-killed',
  explainsPods: true,
  diagnose: diagnoseHeadOomKilled,
};

/** Ray processes could not start threads. */
export const pidsExhausted: DiagnosisRule = {
  id: 'pids-exhausted',
  explainsPods: true,
  diagnose: diagnosePidsExhausted,
};

/** Containers crash again and again for a reason no rule explains. */
export const crashLoop: DiagnosisRule = {
  id: 'crash-loop',
  diagnose: diagnoseCrashLoop,
};
