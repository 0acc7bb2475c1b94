import { countOf, listOf } from '../../wording';
import { KubeEvent, KubePod } from '../kubernetes';
import type { RayClusterObservation } from '../observations';
import { podGroup } from '../pods';
import {
  Diagnosis,
  DiagnosisEvidence,
  DiagnosisId,
  RayClusterVerdict,
} from '../summary';

/** A verdict with the reason the status page gives for it. */
export interface ReasonedVerdict {
  verdict: RayClusterVerdict;
  reason: string;
}

/**
 * How to recognise one known failure mode in an observation. The rules run in the order of
 * `DIAGNOSIS_RULES`, which is also the order their diagnoses are shown in.
 */
export interface DiagnosisRule {
  id: DiagnosisId;
  /**
   * The rule's diagnoses: none while the failure mode is not seen, one per affected head for
   * `head-oom-killed`, else one. `explained` names the pods whose trouble an earlier rule with
   * `explainsPods` already accounts for.
   */
  diagnose(
    o: RayClusterObservation,
    explained: ReadonlySet<string>,
  ): Diagnosis[];
  /**
   * The rule finds a cause, and the pods its evidence names need no further diagnosis: a rule
   * that reads only a symptom (a crash loop) leaves them out, so one failure is reported once.
   */
  explainsPods?: boolean;
  /**
   * For a finding that leaves nothing else to read (the API does not answer, there is no
   * cluster): the verdict it decides, asked only once the rule found something. No later rule
   * is asked then.
   */
  decidesVerdict?(o: RayClusterObservation): ReasonedVerdict;
}

/** Evidence naming a pod. */
export function podEvidence(
  pod: KubePod,
  reason?: string,
  message?: string,
): DiagnosisEvidence {
  return { kind: 'Pod', name: pod.metadata.name ?? '', reason, message };
}

/** Evidence naming the object an event is about. */
export function eventEvidence(event: KubeEvent): DiagnosisEvidence {
  return {
    kind: event.involvedObject.kind ?? 'Event',
    name: event.involvedObject.name ?? '',
    reason: event.reason,
    message: event.message,
  };
}

/** The events about one pod. */
export function eventsFor(events: KubeEvent[], pod: KubePod): KubeEvent[] {
  return events.filter(
    e =>
      e.involvedObject.kind === 'Pod' &&
      e.involvedObject.name === pod.metadata.name,
  );
}

/** "2 pods of head and workergroup". */
export function podsOfGroups(pods: KubePod[]): string {
  return `${countOf(pods.length, 'pod')} of ${listOf(
    new Set(pods.map(podGroup)),
  )}`;
}
