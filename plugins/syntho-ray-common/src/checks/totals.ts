import { ProblemList } from '../problems';
import { formatCpu, formatMemory, parseQuantity } from '../quantity';
import { CheckContext } from './requestCheck';

/** What the cluster can grow to against the policy's limits. */
export function checkTotals(
  { resolved, policy }: CheckContext,
  problems: ProblemList,
) {
  const { totals } = resolved;
  const maxCpu = parseQuantity(policy.limits.maxTotalCpu);
  const maxMemory = parseQuantity(policy.limits.maxTotalMemory);
  const scope = 'the head plus every group at its maxReplicas';
  if (totals.cpu > maxCpu) {
    problems.error(
      'workerGroups',
      `The cluster can grow to ${formatCpu(
        totals.cpu,
      )} CPU (${scope}); the platform allows ${formatCpu(maxCpu)}.`,
      'Use fewer or smaller workers, or ask the platform team for a higher limit.',
    );
  }
  if (totals.memory > maxMemory) {
    problems.error(
      'workerGroups',
      `The cluster can grow to ${formatMemory(
        totals.memory,
      )} of memory (${scope}); the platform allows ${formatMemory(maxMemory)}.`,
      'Use fewer or smaller workers, or ask the platform team for a higher limit.',
    );
  }
  if (totals.gpu > policy.limits.maxTotalGpu) {
    problems.error(
      'workerGroups',
      `The cluster can use ${totals.gpu} GPUs; the platform allows ${policy.limits.maxTotalGpu}.`,
      'Remove the GPUs (Syntho runs on CPU), or ask the platform team.',
    );
  }
  if (totals.maxWorkers > policy.limits.maxWorkers) {
    problems.error(
      'workerGroups',
      `The cluster can grow to ${totals.maxWorkers} workers; the platform allows ${policy.limits.maxWorkers}.`,
      'Lower maxReplicas.',
    );
  }
  if (resolved.workerGroups.length > policy.limits.maxGroups) {
    problems.error(
      'workerGroups',
      `The request has ${resolved.workerGroups.length} worker groups; the platform allows ${policy.limits.maxGroups}.`,
      'Merge groups of the same size.',
    );
  }
}
