import { checkPlainYamlString } from '../names';
import { ProblemList, quoteForMessage } from '../problems';
import { countOf } from '../wording';
import { checkPod } from './pod';
import { CheckContext } from './requestCheck';

const HEAD_GROUP_NAME = 'headgroup';
/** The chart writes the group name unquoted as `groupName`, and KubeRay puts it in pod names. */
const GROUP_NAME = /^[A-Za-z]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/** Each worker group: its name, its replicas bounds against each other and the chart, and its pods. */
export function checkWorkerGroups(
  context: CheckContext,
  problems: ProblemList,
) {
  const { resolved } = context;
  const seen = new Set<string>();
  resolved.workerGroups.forEach(group => {
    const path = group.sourcePath;
    const nameProblem = !GROUP_NAME.test(group.name)
      ? 'must start with a letter and contain only letters, digits and "-" (at most 63), ending with a letter or digit'
      : checkPlainYamlString(group.name);
    if (nameProblem) {
      problems.error(
        `${path}.name`,
        `Group name "${quoteForMessage(group.name)}" ${nameProblem}.`,
        'Rename the group, e.g. "workergroup" or "small-group".',
      );
    }
    if (group.name === HEAD_GROUP_NAME) {
      problems.error(
        `${path}.name`,
        `"${HEAD_GROUP_NAME}" is the name KubeRay gives the head group.`,
        'Choose another group name.',
      );
    }
    if (seen.has(group.name)) {
      problems.error(
        `${path}.name`,
        `Two worker groups are named "${group.name}"; the chart keys groups by name, so one would replace the other.`,
        'Give each group its own name.',
      );
    }
    seen.add(group.name);

    // Each problem on the bound that is out of order, so a form shows it beside that field.
    if (group.minReplicas > group.maxReplicas) {
      problems.error(
        `${path}.minReplicas`,
        `The minimum number of workers (${group.minReplicas}) is above the maximum (${group.maxReplicas}).`,
        'Lower the minimum or raise the maximum.',
      );
    } else if (group.replicas < group.minReplicas) {
      problems.error(
        `${path}.replicas`,
        `The group starts with ${countOf(
          group.replicas,
          'worker',
        )}, fewer than its minimum of ${group.minReplicas}.`,
        `Start with at least ${countOf(
          group.minReplicas,
          'worker',
        )}, or lower the minimum.`,
      );
    } else if (group.replicas > group.maxReplicas) {
      problems.error(
        `${path}.replicas`,
        `The group starts with ${countOf(
          group.replicas,
          'worker',
        )}, more than its maximum of ${group.maxReplicas}.`,
        `Start with at most ${countOf(
          group.maxReplicas,
          'worker',
        )}, or raise the maximum.`,
      );
    }
    if (group.maxReplicas === 0) {
      problems.error(
        `${path}.maxReplicas`,
        'A group that can never have a worker does nothing.',
        'Set maxReplicas to at least 1, or remove the group.',
      );
    }
    if (group.minReplicas === 0 && !resolved.profile.keepsZeroMinReplicas) {
      problems.error(
        `${path}.minReplicas`,
        `Chart ${resolved.profile.chartName} ${resolved.profile.chartVersion} renders minReplicas 0 as 1 (its template pipes the value through "default"), so the group would never scale to zero.`,
        'Set minReplicas to 1, or use the deployment-tools 1.14.0 chart profile, which keeps 0.',
      );
    }
    checkPod(path, group, context, problems, { isHead: false });
  });
}
