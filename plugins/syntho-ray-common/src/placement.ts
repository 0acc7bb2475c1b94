import { checkDns1123Label, checkLabelValue, checkQualifiedKey } from './names';
import { SynthoRayPolicy } from './policy';
import { ProblemList, quoteForMessage } from './problems';
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

function allowedList(values: string[]) {
  return values.length ? values.join(', ') : 'none';
}

function checkKey(path: string, key: string, problems: ProblemList) {
  const problem = checkQualifiedKey(key);
  if (problem) {
    problems.error(
      `${path}.${quoteForMessage(key)}`,
      `Key "${quoteForMessage(key)}" ${problem}.`,
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
      `Value "${quoteForMessage(value)}" ${problem}.`,
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
        `${path}.${quoteForMessage(key)}`,
        `Label keys under ray.io/, app.kubernetes.io/, helm.sh/, kubernetes.io/ and k8s.io/ belong to KubeRay, the chart or Kubernetes, which set them.`,
        'Use your own prefix, e.g. example.com/team.',
      );
    }
    checkValue(`${path}.${quoteForMessage(key)}`, value, problems);
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
        `${path}.${quoteForMessage(key)}`,
        'Keys under ray.io/ belong to the KubeRay operator, which sets and reads them.',
        'Use your own prefix, e.g. example.com/team.',
      );
    } else if (!prefixes.some(prefix => key.startsWith(prefix))) {
      problems.error(
        `${path}.${quoteForMessage(key)}`,
        `Annotation "${quoteForMessage(
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
        `${path}.${quoteForMessage(key)}`,
        `Node label "${quoteForMessage(
          key,
        )}" is not one the platform lets requests select nodes by (synthoRay.placement.allowedNodeSelectorKeys: ${allowedList(
          allowed,
        )}).`,
        'Remove it, or ask the platform team to allow the key.',
      );
    }
    checkValue(`${path}.${quoteForMessage(key)}`, value, problems);
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
    const keyProblem = key ? checkQualifiedKey(key) : undefined;
    if (!key) {
      problems.error(
        `${itemPath}.key`,
        'A toleration without a key tolerates every taint, including those of nodes kept for the control plane or other teams.',
        'Set the key of the taint to tolerate.',
      );
    } else if (keyProblem) {
      problems.error(
        `${itemPath}.key`,
        `Taint key "${quoteForMessage(key)}" ${keyProblem}.`,
        'Write the key exactly as the taint has it.',
      );
    } else if (!allowed.includes(key)) {
      problems.error(
        `${itemPath}.key`,
        `Taint "${quoteForMessage(
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

/**
 * Checks a label selector's keys and values; for a node selector term, `allowedNodeKeys` are the
 * node labels (and fields) the policy lets a request select by, as for `nodeSelector`.
 */
function checkSelector(
  path: string,
  selector: Selector,
  problems: ProblemList,
  allowedNodeKeys?: string[],
) {
  const checkSelectorKey = (keyPath: string, key: string) => {
    const problem = checkQualifiedKey(key);
    if (problem) {
      problems.error(
        keyPath,
        `Key "${quoteForMessage(key)}" ${problem}.`,
        'Write a label key such as kubernetes.io/hostname.',
      );
    } else if (allowedNodeKeys && !allowedNodeKeys.includes(key)) {
      problems.error(
        keyPath,
        `Node label "${quoteForMessage(
          key,
        )}" is not one the platform lets requests select nodes by (synthoRay.placement.allowedNodeSelectorKeys: ${allowedList(
          allowedNodeKeys,
        )}).`,
        'Remove it, or ask the platform team to allow the key.',
      );
    }
  };
  if (selector.matchLabels) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      const keyPath = `${path}.matchLabels.${quoteForMessage(key)}`;
      checkSelectorKey(keyPath, key);
      checkValue(keyPath, value, problems);
    }
  }
  for (const field of ['matchExpressions', 'matchFields'] as const) {
    selector[field]?.forEach((requirement, index) => {
      const itemPath = `${path}.${field}[${index}]`;
      checkSelectorKey(`${itemPath}.key`, requirement.key);
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
  scope: PlacementScope,
  problems: ProblemList,
) {
  if (term.labelSelector)
    checkSelector(`${path}.labelSelector`, term.labelSelector, problems);
  const crossNamespace = scope.policy.placement.allowCrossNamespaceAffinity;
  if (term.namespaceSelector) {
    checkSelector(
      `${path}.namespaceSelector`,
      term.namespaceSelector,
      problems,
    );
    if (!crossNamespace) {
      problems.error(
        `${path}.namespaceSelector`,
        "A namespace selector places the pods by other namespaces' pods (an empty one matches every namespace); the platform does not let requests look beyond their own namespace (synthoRay.placement.allowCrossNamespaceAffinity is off).",
        `Remove namespaceSelector; the term then applies to the cluster's own namespace "${quoteForMessage(
          scope.namespace,
        )}".`,
      );
    }
  }
  term.namespaces?.forEach((namespace, index) => {
    const problem = checkDns1123Label(namespace);
    if (problem) {
      problems.error(
        `${path}.namespaces[${index}]`,
        `Namespace "${quoteForMessage(namespace)}" ${problem}.`,
        'Name a Kubernetes namespace.',
      );
    } else if (namespace !== scope.namespace && !crossNamespace) {
      problems.error(
        `${path}.namespaces[${index}]`,
        `Namespace "${namespace}" is not the cluster's own ("${quoteForMessage(
          scope.namespace,
        )}"); the platform does not let requests place pods by other namespaces' pods (synthoRay.placement.allowCrossNamespaceAffinity is off).`,
        "Remove the namespace, or list only the cluster's own.",
      );
    }
  });
  const topologyProblem = checkQualifiedKey(term.topologyKey);
  if (topologyProblem) {
    problems.error(
      `${path}.topologyKey`,
      `Topology key "${quoteForMessage(term.topologyKey)}" ${topologyProblem}.`,
      'Use a node label key such as kubernetes.io/hostname.',
    );
  }
}

function checkAffinity(
  path: string,
  affinity: NonNullable<HeadSpec['affinity']>,
  scope: PlacementScope,
  problems: ProblemList,
) {
  const { placement } = scope.policy;
  if (!placement.allowAffinity) {
    problems.error(
      path,
      'The platform does not let requests set a pod affinity (synthoRay.placement.allowAffinity is off).',
      'Remove the affinity, or ask the platform team to allow it.',
    );
    return;
  }
  const node = affinity.nodeAffinity;
  const nodeKeys = placement.allowedNodeSelectorKeys;
  node?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.forEach(
    (term, index) =>
      checkSelector(
        `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${index}]`,
        term,
        problems,
        nodeKeys,
      ),
  );
  node?.preferredDuringSchedulingIgnoredDuringExecution?.forEach(
    (preferred, index) =>
      checkSelector(
        `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${index}].preference`,
        preferred.preference,
        problems,
        nodeKeys,
      ),
  );
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const terms = affinity[kind];
    terms?.requiredDuringSchedulingIgnoredDuringExecution?.forEach(
      (term, index) =>
        checkPodAffinityTerm(
          `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${index}]`,
          term,
          scope,
          problems,
        ),
    );
    terms?.preferredDuringSchedulingIgnoredDuringExecution?.forEach(
      (preferred, index) =>
        checkPodAffinityTerm(
          `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${index}].podAffinityTerm`,
          preferred.podAffinityTerm,
          scope,
          problems,
        ),
    );
  }
}

/** What placement is checked against: the policy, and the namespace the cluster is requested in. */
export interface PlacementScope {
  policy: SynthoRayPolicy;
  namespace: string;
}

/**
 * Checks a pod's metadata and placement against their Kubernetes grammars and against what the
 * policy's `placement` section lets a requester set.
 */
export function checkPlacement(
  path: string,
  node: Partial<HeadSpec>,
  scope: PlacementScope,
  problems: ProblemList,
) {
  const { policy } = scope;
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
    checkAffinity(`${path}.affinity`, node.affinity, scope, problems);
  }
}
