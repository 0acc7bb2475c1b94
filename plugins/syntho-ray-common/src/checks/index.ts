import { ProblemList } from '../problems';
import { checkHead, checkHeadIsSized } from './head';
import { checkImages } from './images';
import { checkLicense } from './license';
import { checkNameAndNamespace } from './nameAndNamespace';
import { checkOneClusterPerNamespace } from './oneClusterPerNamespace';
import { checkPeople } from './people';
import { CheckContext, RequestCheck } from './requestCheck';
import { checkStorage } from './storage';
import { checkTarget } from './target';
import { checkTotals } from './totals';
import { checkVolumes } from './volumes';
import { checkWorkerGroups } from './workerGroups';

/**
 * Every check of a request, in the order of the request's fields; validation reports problems in
 * this order, so reordering the list reorders what requesters read.
 */
export const requestChecks: ReadonlyArray<RequestCheck> = [
  checkHeadIsSized,
  checkNameAndNamespace,
  checkPeople,
  checkImages,
  checkLicense,
  checkHead,
  checkWorkerGroups,
  checkStorage,
  checkVolumes,
  checkTarget,
  checkTotals,
  checkOneClusterPerNamespace,
];

/** Runs `checks` in order over one request and returns everything they found. */
export function runChecks(
  checks: ReadonlyArray<RequestCheck>,
  context: CheckContext,
): ProblemList {
  const problems = new ProblemList();
  for (const check of checks) check(context, problems);
  return problems;
}
