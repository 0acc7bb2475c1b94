import { checkDns1123Label, checkLabelValue, checkQualifiedKey } from './names';
import { SynthoRayPolicy } from './policy';
import { ProblemList } from './problems';
import { HeadSpec, MAX_ANNOTATIONS_BYTES } from './request';

/**
 * Label key prefixes that belong to Kubernetes, Helm, the chart or KubeRay: the chart writes its own
 * labels after the request's, so a request's key there would be a duplicate key in the pod template.
 */
const RESERVED_LABEL_PREFIXES = [
  'ray.io/',
  'app.kubernetes.io/',
  'helm.sh/',
  'kubernetes.io/',
  'k8s.io/',
];
const RESERVED_LABEL_DOMAINS = ['.kubernetes.io/', '.k8s.io/'];

function isReservedLabelKey(key: string) {
  return (
    RESERVED_LABEL_PREFIXES.some(prefix => key.startsWith(prefix)) ||
    RESERVED_LABEL_DOMAINS.some(domain => key.includes(domain))
  );
}

/** A requester's text, cut short enough to quote in a message. */
function shorten(value: string) {
  return value.length > 64 ? `${value.slice(0, 61)}...` : value;
}

function allowedList(values: string[]) {
  return values.length ? values.join(', ') : 'none';
}

function checkKey(path: string, key: string, problems: ProblemList) {
  const problem = checkQualifiedKey(key);
  if (problem) {
    problems.error(
      `${path}.${key}`,
      `Key "${shorten(key)}" ${problem}.`,
      'Rename the key, e.g. example.com/team.',
    );
  }
  return !problem;
}

function checkValue(path: string, value: string, problems: ProblemList) {
  const problem = checkLabelValue(value);
  if (problem) {
    problems.error(
      path,
      `Value "${shorten(value)}" ${problem}.`,
      'Shorten or simplify the value.',
    );
  }
}

function checkLabels(
  path: string,
  labels: Record<string, string>,
  problems: ProblemList,
) {
  for (const [key, value] of Object.entries(labels)) {
    if (checkKey(path, key, problems) && isReservedLabelKey(key)) {
      problems.error(
        `${path}.${key}`,
        `Label keys under ray.io/, app.kubernetes.io/, helm.sh/, kubernetes.io/ and k8s.io/ belong to KubeRay, the chart or Kubernetes, which set them.`,
        'Use your own prefix, e.g. example.com/team.',
      );
    }
    checkValue(`${path}.${key}`, value, problems);
  }
}

function checkAnnotations(
  path: string,
  annotations: Record<string, string>,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  const prefixes = policy.placement.allowedAnnotationPrefixes;
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (!checkKey(path, key, problems)) continue;
    if (key.startsWith('ray.io/')) {
      problems.error(
        `${path}.${key}`,
        'Keys under ray.io/ belong to the KubeRay operator, which sets and reads them.',
        'Use your own prefix, e.g. example.com/team.',
      );
    } else if (!prefixes.some(prefix => key.startsWith(prefix))) {
      problems.error(
        `${path}.${key}`,
        `Annotation "${shorten(
          key,
        )}" is not under a prefix the platform allows (synthoRay.placement.allowedAnnotationPrefixes: ${allowedList(
          prefixes,
        )}); annotations steer admission webhooks, sidecars and security profiles.`,
        'Remove the annotation, or ask the platform team to allow its prefix.',
      );
    }
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) {
    problems.error(
      path,
      `The annotations take ${bytes} bytes; Kubernetes allows ${MAX_ANNOTATIONS_BYTES} (256 KiB) per pod, keys and values together.`,
      'Shorten or remove annotations.',
    );
  }
}

function checkNodeSelector(
  path: string,
  nodeSelector: Record<string, string>,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  const allowed = policy.placement.allowedNodeSelectorKeys;
  for (const [key, value] of Object.entries(nodeSelector)) {
    if (checkKey(path, key, problems) && !allowed.includes(key)) {
      problems.error(
        `${path}.${key}`,
        `Node label "${shorten(
          key,
        )}" is not one the platform lets requests select nodes by (synthoRay.placement.allowedNodeSelectorKeys: ${allowedList(
          allowed,
        )}).`,
        'Remove it, or ask the platform team to allow the key.',
      );
    }
    checkValue(`${path}.${key}`, value, problems);
  }
}

function checkTolerations(
  path: string,
  tolerations: NonNullable<HeadSpec['tolerations']>,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  const allowed = policy.placement.allowedTolerationKeys;
  tolerations.forEach((toleration, index) => {
    const itemPath = `${path}[${index}]`;
    const { key, operator = 'Equal', value, effect } = toleration;
    if (!key) {
      problems.error(
        `${itemPath}.key`,
        'A toleration without a key tolerates every taint, including those of nodes kept for the control plane or other teams.',
        'Set the key of the taint to tolerate.',
      );
    } else if (checkQualifiedKey(key)) {
      problems.error(
        `${itemPath}.key`,
        `Taint key "${shorten(key)}" ${checkQualifiedKey(key)}.`,
        'Write the key exactly as the taint has it.',
      );
    } else if (!allowed.includes(key)) {
      problems.error(
        `${itemPath}.key`,
        `Taint "${shorten(
          key,
        )}" is not one the platform lets requests tolerate (synthoRay.placement.allowedTolerationKeys: ${allowedList(
          allowed,
        )}).`,
        'Remove the toleration, or ask the platform team to allow the key.',
      );
    }
    if (operator === 'Exists' && value) {
      problems.error(
        `${itemPath}.value`,
        'A toleration with operator Exists matches any value, so it takes none.',
        'Remove the value, or use operator Equal.',
      );
    }
    if (operator === 'Equal' && value !== undefined)
      checkValue(`${itemPath}.value`, value, problems);
    if (toleration.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      problems.error(
        `${itemPath}.tolerationSeconds`,
        'tolerationSeconds applies only to the NoExecute effect.',
        'Remove tolerationSeconds, or set effect NoExecute.',
      );
    }
  });
}

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; values?: string[] }>;
  matchFields?: Array<{ key: string; values?: string[] }>;
};

function checkSelector(
  path: string,
  selector: Selector,
  problems: ProblemList,
) {
  if (selector.matchLabels) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      checkKey(`${path}.matchLabels`, key, problems);
      checkValue(`${path}.matchLabels.${key}`, value, problems);
    }
  }
  for (const field of ['matchExpressions', 'matchFields'] as const) {
    selector[field]?.forEach((requirement, index) => {
      const itemPath = `${path}.${field}[${index}]`;
      if (checkQualifiedKey(requirement.key)) {
        problems.error(
          `${itemPath}.key`,
          `Key "${shorten(requirement.key)}" ${checkQualifiedKey(
            requirement.key,
          )}.`,
          'Write a label key such as kubernetes.io/hostname.',
        );
      }
      requirement.values?.forEach((value, valueIndex) =>
        checkValue(`${itemPath}.values[${valueIndex}]`, value, problems),
      );
    });
  }
}

type PodAffinityTerm = {
  labelSelector?: Selector;
  namespaceSelector?: Selector;
  namespaces?: string[];
  topologyKey: string;
};

function checkPodAffinityTerm(
  path: string,
  term: PodAffinityTerm,
  problems: ProblemList,
) {
  if (term.labelSelector)
    checkSelector(`${path}.labelSelector`, term.labelSelector, problems);
  if (term.namespaceSelector)
    checkSelector(
      `${path}.namespaceSelector`,
      term.namespaceSelector,
      problems,
    );
  term.namespaces?.forEach((namespace, index) => {
    const problem = checkDns1123Label(namespace);
    if (problem) {
      problems.error(
        `${path}.namespaces[${index}]`,
        `Namespace "${shorten(namespace)}" ${problem}.`,
        'Name a Kubernetes namespace.',
      );
    }
  });
  const topologyProblem = checkQualifiedKey(term.topologyKey);
  if (topologyProblem) {
    problems.error(
      `${path}.topologyKey`,
      `Topology key "${shorten(term.topologyKey)}" ${topologyProblem}.`,
      'Use a node label key such as kubernetes.io/hostname.',
    );
  }
}

function checkAffinity(
  path: string,
  affinity: NonNullable<HeadSpec['affinity']>,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  if (!policy.placement.allowAffinity) {
    problems.error(
      path,
      'The platform does not let requests set a pod affinity (synthoRay.placement.allowAffinity is off).',
      'Remove the affinity, or ask the platform team to allow it.',
    );
    return;
  }
  const node = affinity.nodeAffinity;
  node?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.forEach(
    (term, index) =>
      checkSelector(
        `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${index}]`,
        term,
        problems,
      ),
  );
  node?.preferredDuringSchedulingIgnoredDuringExecution?.forEach(
    (preferred, index) =>
      checkSelector(
        `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}].preference`,
        preferred.preference,
        problems,
      ),
  );
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const terms = affinity[kind];
    terms?.requiredDuringSchedulingIgnoredDuringExecution?.forEach(
      (term, index) =>
        checkPodAffinityTerm(
          `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${index}]`,
          term,
          problems,
        ),
    );
    terms?.preferredDuringSchedulingIgnoredDuringExecution?.forEach(
      (preferred, index) =>
        checkPodAffinityTerm(
          `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${index}].podAffinityTerm`,
          preferred.podAffinityTerm,
          problems,
        ),
    );
  }
}

/**
 * Checks a pod's metadata and placement against their Kubernetes grammars and against what the
 * policy's `placement` section lets a requester set.
 */
export function checkPlacement(
  path: string,
  node: Partial<HeadSpec>,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  if (node.labels) checkLabels(`${path}.labels`, node.labels, problems);
  if (node.annotations) {
    checkAnnotations(`${path}.annotations`, node.annotations, policy, problems);
  }
  if (node.nodeSelector) {
    checkNodeSelector(
      `${path}.nodeSelector`,
      node.nodeSelector,
      policy,
      problems,
    );
  }
  if (node.tolerations) {
    checkTolerations(`${path}.tolerations`, node.tolerations, policy, problems);
  }
  if (node.affinity) {
    checkAffinity(`${path}.affinity`, node.affinity, policy, problems);
  }
}
