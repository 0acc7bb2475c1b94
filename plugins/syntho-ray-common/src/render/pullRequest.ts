import { Problem } from '../problems';
import { formatCpu, formatMemory, parseQuantity } from '../quantity';
import { HeadSpec } from '../request';
import { ResolvedRequest } from '../validate';

function size(node: HeadSpec): string {
  const parts = [
    `${formatCpu(parseQuantity(node.cpu))} CPU`,
    `${node.memory} (${formatMemory(parseQuantity(node.memory))})`,
  ];
  if (node.gpu) parts.push(`${node.gpu} GPU`);
  return parts.join(' / ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Title and Markdown body of the pull request, written for the reviewer on the platform team.
 *
 * @public
 */
export function renderPullRequest(
  request: ResolvedRequest,
  warnings: Problem[],
  files: string[],
): { title: string; body: string } {
  const title = `Ray cluster ${request.name} in ${request.namespace} on ${request.targetCluster}`;
  const rows = [
    `| head | 1 | 1 | 1 | ${size(request.head)} |`,
    ...request.workerGroups.map(
      group =>
        `| ${cell(group.name)} | ${group.minReplicas} | ${group.replicas} | ${
          group.maxReplicas
        } | ${size(group)} |`,
    ),
  ];
  const license =
    request.license.kind === 'secret'
      ? `from Secret \`${request.license.secretName}\` (key \`${request.license.secretKey}\`), which must exist in \`${request.namespace}\``
      : 'written as plain text (allowed by policy)';
  const body = [
    `## ${title}`,
    '',
    `Requested by ${request.requestedBy ?? 'an unknown user'}${
      request.owner ? ` for ${request.owner}` : ''
    }, preset **${request.preset}**, chart ${request.profile.chartName} ${
      request.profile.chartVersion
    }.`,
    '',
    '| group | min | replicas | max | size per pod |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `**At most:** ${formatCpu(request.totals.cpu)} CPU, ${formatMemory(
      request.totals.memory,
    )} of memory${request.totals.gpu ? `, ${request.totals.gpu} GPU` : ''}, ${
      request.totals.maxWorkers
    } workers.`,
    '',
    `- Images: \`${request.images.ray.repository}:${request.images.ray.tag}\`, operator \`${request.images.operator.repository}:${request.images.operator.tag}\`, pull secret \`${request.pullSecret}\``,
    `- Shared volume: storage class \`${request.storageClass}\` (ReadWriteMany)`,
    `- License: ${license}`,
    `- OpenShift: ${
      request.openshift
        ? 'yes — `openshift-crio-pids-limit.yaml` raises the CRI-O pids limit to 8096'
        : 'no'
    }`,
    `- Ray address for Syntho's Core API: \`${request.rayAddress}\``,
    '',
    '### Policy checks',
    '',
    warnings.length === 0
      ? 'All checks passed with no warnings.'
      : warnings
          .map(w => `- ⚠️ \`${w.path}\`: ${w.message} ${w.fix}`)
          .join('\n'),
    '',
    '### Files',
    '',
    ...files.map(file => `- \`${request.path}/${file}\``),
    '',
    'Merging this pull request approves the request; the GitOps engine then installs the chart.',
  ];
  return { title, body: body.join('\n') };
}
