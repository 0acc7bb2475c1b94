import {
  checkDns1035Label,
  checkDns1123Label,
  checkPlainYamlString,
} from '../names';
import { ProblemList } from '../problems';
import { MAX_CLUSTER_NAME_LENGTH } from '../profiles';
import { CheckContext } from './requestCheck';

/** The cluster's name and namespace against the grammars of what the chart writes them into. */
export function checkNameAndNamespace(
  { resolved }: CheckContext,
  problems: ProblemList,
) {
  const nameProblem = checkDns1035Label(resolved.name, MAX_CLUSTER_NAME_LENGTH);
  if (nameProblem) {
    problems.error(
      'name',
      `Cluster name "${resolved.name}" ${nameProblem}.`,
      `Use lower-case letters, digits and "-", starting with a letter, at most ${MAX_CLUSTER_NAME_LENGTH} characters: it names the head Service "<name>-head-svc", which some KubeRay versions cut to its last 50 characters, so a longer name would give the Ray address of a Service that does not exist; e.g. "${suggestName(
        resolved.name,
      )}".`,
    );
  }
  const plainProblem = nameProblem
    ? undefined
    : checkPlainYamlString(resolved.name);
  if (plainProblem) {
    problems.error(
      'name',
      `Cluster name "${resolved.name}" ${plainProblem}; the chart writes it unquoted.`,
      'Choose a name with a letter besides these words, e.g. "ray-cluster".',
    );
  }
  // Helm writes the release namespace unquoted into the charts' objects.
  const namespaceProblem =
    checkDns1123Label(resolved.namespace) ??
    checkPlainYamlString(resolved.namespace);
  if (namespaceProblem) {
    problems.error(
      'namespace',
      `Namespace "${resolved.namespace}" ${namespaceProblem}.`,
      `Use a Kubernetes namespace name such as "${suggestName(
        resolved.namespace,
      )}".`,
    );
  }
}

function suggestName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_CLUSTER_NAME_LENGTH)
    .replace(/-+$/, '');
  return cleaned || 'ray-cluster';
}
