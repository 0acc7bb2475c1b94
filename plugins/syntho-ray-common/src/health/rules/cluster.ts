import { agreeing, countOf } from '../../wording';
import { observedHeadServiceName } from '../headService';
import type { RayClusterObservation } from '../observations';
import { isPodReady, podGroup, podStatus } from '../pods';
import { shellCommand } from '../shell';
import { Diagnosis } from '../summary';
import { DiagnosisRule, podEvidence } from './rule';

/** Workers may wait this long for the head's GCS before it counts as a problem of its own. */
const WORKER_INIT_GRACE_MS = 3 * 60_000;

function diagnoseOperatorNotRunning(o: RayClusterObservation): Diagnosis[] {
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

function diagnoseWorkersWaitingForHead(o: RayClusterObservation): Diagnosis[] {
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

/** The KubeRay operator's Deployment is missing or has no available replica. */
export const operatorNotRunning: DiagnosisRule = {
  id: 'operator-not-running',
  explainsPods: true,
  diagnose: diagnoseOperatorNotRunning,
};

/** Workers stay in init, waiting for the head's GCS. */
export const workersWaitingForHead: DiagnosisRule = {
  id: 'workers-waiting-for-head',
  diagnose: diagnoseWorkersWaitingForHead,
};
