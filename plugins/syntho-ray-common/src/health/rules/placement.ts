import { agreeing, listOf } from '../../wording';
import type { RayClusterObservation } from '../observations';
import { isPodReady } from '../pods';
import { shellCommand } from '../shell';
import { Diagnosis } from '../summary';
import {
  DiagnosisRule,
  eventEvidence,
  podEvidence,
  podsOfGroups,
} from './rule';

function diagnosePvcPending(o: RayClusterObservation): Diagnosis[] {
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

function diagnoseUnschedulable(o: RayClusterObservation): Diagnosis[] {
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

function diagnoseNodeLost(o: RayClusterObservation): Diagnosis[] {
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

/** A PersistentVolumeClaim of the cluster is not bound. */
export const pvcPending: DiagnosisRule = {
  id: 'pvc-pending',
  explainsPods: true,
  diagnose: diagnosePvcPending,
};

/** The scheduler finds no node for pods. */
export const unschedulable: DiagnosisRule = {
  id: 'unschedulable',
  explainsPods: true,
  diagnose: diagnoseUnschedulable,
};

/** Pods ran on a node that stopped answering. */
export const nodeLost: DiagnosisRule = {
  id: 'node-lost',
  explainsPods: true,
  diagnose: diagnoseNodeLost,
};
