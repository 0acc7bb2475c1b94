import type { RayClusterObservation } from './observations';
import { operatorNotRunning, workersWaitingForHead } from './rules/cluster';
import {
  crashLoop,
  headOomKilled,
  imagePull,
  pidsExhausted,
} from './rules/containers';
import {
  apiForbidden,
  apiUnreachable,
  crdsMissing,
  rayClusterMissing,
} from './rules/decisive';
import { nodeLost, pvcPending, unschedulable } from './rules/placement';
import { DiagnosisRule, ReasonedVerdict } from './rules/rule';
import { Diagnosis } from './summary';

/**
 * Every known failure mode, most fundamental first: the order diagnoses are shown in, and the
 * first error's title is the verdict's reason.
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  apiForbidden,
  apiUnreachable,
  crdsMissing,
  rayClusterMissing,
  operatorNotRunning,
  imagePull,
  pvcPending,
  headOomKilled,
  pidsExhausted,
  unschedulable,
  nodeLost,
  crashLoop,
  workersWaitingForHead,
];

/** What the rules found in one observation. */
export interface Findings {
  diagnoses: Diagnosis[];
  /** Set when a rule decided the verdict on its own. */
  decided?: ReasonedVerdict;
}

/** Asks the rules (by default every known one) in order, until one decides the verdict. */
export function diagnose(
  o: RayClusterObservation,
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
): Findings {
  const diagnoses: Diagnosis[] = [];
  const explained = new Set<string>();
  for (const rule of rules) {
    const found = rule.diagnose(o, explained);
    diagnoses.push(...found);
    if (found.length > 0 && rule.decidesVerdict)
      return { diagnoses, decided: rule.decidesVerdict(o) };
    if (rule.explainsPods)
      for (const { evidence } of found)
        for (const { kind, name } of evidence)
          if (kind === 'Pod') explained.add(name);
  }
  return { diagnoses };
}
