import { checkDns1035Label, checkDns1123Label } from '../names';
import type { SynthoRayPolicy } from '../policy';
import { ANNOTATIONS, RayClusterRef } from '../render/catalog';
import { Diagnosis } from './summary';

/**
 * The longest annotation value looked at. Longer values are refused before anything else reads
 * them: no Kubernetes name, and no cluster name a platform team configures, is longer.
 */
const MAX_ANNOTATION_LENGTH = 253;
/** The Helm release and the head Service `<name>-head-svc` are named after the Ray cluster. */
const MAX_RAY_CLUSTER_NAME_LENGTH = 53;
/** How much of a refused value a diagnosis quotes. */
const QUOTED_LENGTH = 64;

/**
 * Why an entity's Ray cluster is not watched: its annotations are malformed, or name a Kubernetes
 * cluster or namespace the policy does not allow.
 *
 * @public
 */
export interface RayClusterTargetRefusal {
  /** `malformed`: an annotation is not a valid name; `not-allowed`: the policy does not allow it. */
  reason: 'malformed' | 'not-allowed';
  /** One diagnosis per wrong annotation, each naming it and what to set. */
  diagnoses: Diagnosis[];
}

/**
 * What {@link checkRayClusterTarget} decides: the Ray cluster to watch, or why not.
 *
 * @public
 */
export type RayClusterTargetCheck =
  | { cluster: RayClusterRef; refusal?: undefined }
  | { cluster?: undefined; refusal: RayClusterTargetRefusal };

/** A value as a diagnosis shows it: quoted, escaped (newlines stay visible) and cut short. */
function quoted(value: string) {
  const shown = JSON.stringify(value.slice(0, QUOTED_LENGTH));
  return value.length > QUOTED_LENGTH ? `${shown}…` : shown;
}

function annotationDiagnosis(
  id: 'entity-misconfigured' | 'target-not-allowed',
  annotation: string,
  value: string,
  problem: string,
  fix: string,
): Diagnosis {
  const shown =
    value.length > MAX_ANNOTATION_LENGTH
      ? `${value.length} characters`
      : quoted(value);
  return {
    id,
    severity: 'error',
    title:
      id === 'entity-misconfigured'
        ? `The entity's ${annotation} annotation is not valid`
        : `The policy does not allow the entity's ${annotation}`,
    message: `The annotation ${annotation} (${shown}) ${problem}; nothing is read from any cluster for this entity.`,
    evidence: [
      {
        kind: 'Annotation',
        name: annotation,
        reason: id === 'entity-misconfigured' ? 'Invalid' : 'NotAllowed',
      },
    ],
    fix,
  };
}

/**
 * Decides whether the status backend may watch the Ray cluster an entity's `syntho.ai/*`
 * annotations name: every annotation at most 253 characters (checked before anything else), the
 * Kubernetes cluster one of the policy's `targets`, the namespace a DNS-1123 label that the
 * target lists in its `namespaces` (a target that lists none allows none), and the Ray cluster's
 * name a DNS-1035 label of at most 53 characters. Only then is anything requested from the
 * cluster, so an entity anyone can register cannot point the backend at another team's namespace
 * or at another path of the Kubernetes API. The diagnoses do not list the policy's targets or
 * namespaces: whoever reads them may not be the one who may know them.
 *
 * @public
 */
export function checkRayClusterTarget(
  annotations: Record<string, string>,
  targets: SynthoRayPolicy['targets'],
): RayClusterTargetCheck {
  const values = {
    kubernetesCluster: String(annotations[ANNOTATIONS.kubernetesCluster] ?? ''),
    namespace: String(annotations[ANNOTATIONS.namespace] ?? ''),
    name: String(annotations[ANNOTATIONS.rayCluster] ?? ''),
  };
  const malformed: Diagnosis[] = [];
  const notAllowed: Diagnosis[] = [];

  const oversize = (Object.keys(values) as Array<keyof typeof values>).filter(
    key => values[key].length > MAX_ANNOTATION_LENGTH,
  );
  for (const key of oversize) {
    const annotation = ANNOTATIONS[key === 'name' ? 'rayCluster' : key];
    malformed.push(
      annotationDiagnosis(
        'entity-misconfigured',
        annotation,
        values[key],
        `is ${values[key].length} characters long; the most is ${MAX_ANNOTATION_LENGTH}`,
        `Set ${annotation} to the name it stands for; the syntho-ray template writes all three annotations.`,
      ),
    );
  }
  if (oversize.length > 0)
    return { refusal: { reason: 'malformed', diagnoses: malformed } };

  const target = targets.find(t => t.name === values.kubernetesCluster);
  if (!target)
    notAllowed.push(
      annotationDiagnosis(
        'target-not-allowed',
        ANNOTATIONS.kubernetesCluster,
        values.kubernetesCluster,
        "is not one of the Kubernetes clusters in the platform policy's synthoRay.targets",
        `Set ${ANNOTATIONS.kubernetesCluster} to the Kubernetes cluster your platform team gave you (one of synthoRay.targets); the syntho-ray template writes it.`,
      ),
    );

  const namespaceProblem = checkDns1123Label(values.namespace);
  const allowedNamespaces = target?.namespaces ?? [];
  if (namespaceProblem)
    malformed.push(
      annotationDiagnosis(
        'entity-misconfigured',
        ANNOTATIONS.namespace,
        values.namespace,
        `${namespaceProblem} (a Kubernetes namespace name)`,
        `Set ${ANNOTATIONS.namespace} to the namespace the Ray cluster runs in.`,
      ),
    );
  else if (target && allowedNamespaces.length === 0)
    notAllowed.push(
      annotationDiagnosis(
        'target-not-allowed',
        ANNOTATIONS.namespace,
        values.namespace,
        `names a namespace on ${target.name}, where the platform policy allows none`,
        `Ask the platform team to list the namespaces Ray clusters may use on ${target.name} in synthoRay.targets[].namespaces; a target without them allows no namespace.`,
      ),
    );
  else if (target && !allowedNamespaces.includes(values.namespace))
    notAllowed.push(
      annotationDiagnosis(
        'target-not-allowed',
        ANNOTATIONS.namespace,
        values.namespace,
        `is not one of the namespaces the platform policy allows on ${target.name}`,
        `Set ${ANNOTATIONS.namespace} to a namespace your platform team opened for Ray clusters on ${target.name} (synthoRay.targets[].namespaces); the syntho-ray template writes it.`,
      ),
    );

  const nameProblem = checkDns1035Label(
    values.name,
    MAX_RAY_CLUSTER_NAME_LENGTH,
  );
  if (nameProblem)
    malformed.push(
      annotationDiagnosis(
        'entity-misconfigured',
        ANNOTATIONS.rayCluster,
        values.name,
        `${nameProblem} (a RayCluster name: lower-case letters, digits and "-", starting with a letter, at most ${MAX_RAY_CLUSTER_NAME_LENGTH} characters)`,
        `Set ${ANNOTATIONS.rayCluster} to the name of the RayCluster, e.g. "ray-cluster".`,
      ),
    );

  if (malformed.length > 0)
    return {
      refusal: {
        reason: 'malformed',
        diagnoses: [...malformed, ...notAllowed],
      },
    };
  if (notAllowed.length > 0)
    return { refusal: { reason: 'not-allowed', diagnoses: notAllowed } };
  return { cluster: values };
}
