import { ProblemList, quoteForMessage } from '../problems';
import { CheckContext } from './requestCheck';

/** The Kubernetes cluster and namespace the policy opens, and what OpenShift needs there. */
export function checkTarget(
  { request, resolved, policy }: CheckContext,
  problems: ProblemList,
) {
  const target = policy.targets.find(t => t.name === resolved.targetCluster);
  if (!target) {
    problems.error(
      'targetCluster',
      `Kubernetes cluster "${quoteForMessage(
        resolved.targetCluster,
      )}" is not a target the platform allows.`,
      policy.targets.length > 0
        ? `Pick one of: ${policy.targets.map(t => t.name).join(', ')}.`
        : 'The policy lists no targets: the platform team sets synthoRay.targets (with the CLI, pass every config file that holds it, e.g. --config app-config.yaml --config app-config.production.yaml).',
    );
    return;
  }
  if (target.namespaces.length === 0) {
    problems.error(
      'namespace',
      `No namespace is open for Ray clusters on ${target.name}.`,
      `The platform team lists the namespaces in synthoRay.targets[].namespaces for ${target.name}; a target without them allows none.`,
    );
  } else if (!target.namespaces.includes(resolved.namespace)) {
    problems.error(
      'namespace',
      `Namespace "${quoteForMessage(
        resolved.namespace,
      )}" is not open for Ray clusters on ${target.name}.`,
      `Pick one of: ${target.namespaces.join(', ')}.`,
    );
  }
  // Only a requester who turned OpenShift off is told the target runs it anyway.
  if (request.openshift === false && target.openshift) {
    problems.warning(
      'openshift',
      `${target.name} runs OpenShift, whose CRI-O limits each pod to 1024 processes; Ray needs more when it scales.`,
      'Keep OpenShift on so that the pull request carries the ContainerRuntimeConfig raising the limit to 8096.',
    );
  }
  if (resolved.openshift) {
    problems.warning(
      'openshift',
      'OpenShift limits each pod to 1024 processes (CRI-O pids limit); Ray reaches it when it scales.',
      'The pull request includes a ContainerRuntimeConfig that raises the limit to 8096; the platform team applies it to the machine config pool.',
    );
  }
}
