import { checkDns1123Subdomain, checkPlainYamlString } from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { CheckContext } from './requestCheck';

/** The shared volume's storage class: one the policy offers, and one every Ray pod can mount at once. */
export function checkStorage(
  { resolved, policy }: CheckContext,
  problems: ProblemList,
) {
  const grammarProblem =
    checkDns1123Subdomain(resolved.storageClass) ??
    checkPlainYamlString(resolved.storageClass);
  if (grammarProblem) {
    problems.error(
      'storageClass',
      `Storage class "${quoteForMessage(
        resolved.storageClass,
      )}" ${grammarProblem}.`,
      'Name one of the storage classes the platform offers.',
    );
    return;
  }
  const storageClass = policy.storage.classes.find(
    c => c.name === resolved.storageClass,
  );
  const offered = policy.storage.classes
    .filter(c => c.readWriteMany)
    .map(c => c.name);
  if (!storageClass) {
    problems.error(
      'storageClass',
      `Storage class "${resolved.storageClass}" is not one the platform offers.`,
      offered.length
        ? `Pick a ReadWriteMany class: ${offered.join(', ')}.`
        : 'Ask the platform team to add a ReadWriteMany storage class to synthoRay.storage.classes.',
    );
  } else if (!storageClass.readWriteMany) {
    problems.error(
      'storageClass',
      `Storage class "${resolved.storageClass}" cannot be mounted ReadWriteMany; the shared Ray volume is mounted by every Ray pod at once, so its claim would stay Pending.`,
      offered.length
        ? `Pick a ReadWriteMany class: ${offered.join(', ')}.`
        : 'Ask the platform team for a ReadWriteMany class (NFS, CephFS, Azure Files, EFS…).',
    );
  }
}
