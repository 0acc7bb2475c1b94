import {
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkEntityRef,
  checkEnvName,
  checkImageTag,
  checkLicenseText,
  checkMountPath,
  normalizeMountPath,
  pathsOverlap,
  checkPlainYamlString,
  checkSecretKey,
} from './names';
import { ExistingCluster } from './existingClusters';
import { checkPlacement } from './placement';
import { gitopsPath, SynthoRayPolicy } from './policy';
import { Problem, ProblemList, quoteForMessage } from './problems';
import {
  ChartProfile,
  chartProfiles,
  headServiceName,
  LICENSE_ENV_NAME,
  MAX_CLUSTER_NAME_LENGTH,
  rayAddress,
  RESERVED_MOUNT_PATHS,
  RESERVED_VOLUME_NAMES,
} from './profiles';
import {
  formatCpu,
  formatMemory,
  parseQuantity,
  QuantityError,
} from './quantity';
import {
  ExtraVolume,
  HeadSpec,
  ParsedRayClusterRequest,
  presets,
  rayClusterRequestSchema,
  WorkerGroupSpec,
} from './request';
import { problemsFromIssues } from './schemaIssues';
import { countOf } from './wording';

/**
 * A worker group with replicas bounds filled in.
 *
 * @public
 */
export type ResolvedWorkerGroup = WorkerGroupSpec & {
  minReplicas: number;
  maxReplicas: number;
  /** Where the group came from in the request (or the preset), for problem paths. */
  sourcePath: string;
};

/**
 * Where the license comes from once the request and the policy are combined.
 *
 * @public
 */
export type LicenseSource =
  | { kind: 'secret'; secretName: string; secretKey: string }
  | { kind: 'plainText'; value: string };

/**
 * A request with the preset and the policy applied: everything a renderer needs.
 *
 * @public
 */
export interface ResolvedRequest {
  name: string;
  namespace: string;
  targetCluster: string;
  openshift: boolean;
  owner?: string;
  requestedBy?: string;
  description?: string;
  preset: ParsedRayClusterRequest['preset'];
  profile: ChartProfile;
  images: {
    ray: { repository: string; tag: string };
    operator: { repository: string; tag: string };
    pullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  };
  pullSecret: string;
  license: LicenseSource;
  head: HeadSpec;
  workerGroups: ResolvedWorkerGroup[];
  storageClass: string;
  volumes: ExtraVolume[];
  /** GitOps folder of this cluster. */
  path: string;
  headService: string;
  rayAddress: string;
  totals: { cpu: bigint; memory: bigint; gpu: number; maxWorkers: number };
}

/**
 * What {@link validateRequest} needs besides the request.
 *
 * @public
 */
export interface ValidationContext {
  policy: SynthoRayPolicy;
  /** Clusters already in the GitOps repository, for the one-cluster-per-namespace rule. */
  existingClusters?: ExistingCluster[];
}

/**
 * The outcome of validation; `resolved` is set when the request parsed.
 *
 * @public
 */
export interface ValidationResult {
  problems: Problem[];
  errors: Problem[];
  warnings: Problem[];
  resolved?: ResolvedRequest;
}

const MIN_HEAD_MEMORY = parseQuantity('2G');
/**
 * Paths no request may mount at, under or above: Ray's own folders, and where Kubernetes mounts the
 * service-account token (`/var/run` is a link to `/run` in most images).
 */
const PROTECTED_MOUNT_PATHS = [
  ...RESERVED_MOUNT_PATHS,
  '/var/run/secrets',
  '/run/secrets',
];
const HEAD_GROUP_NAME = 'headgroup';
/** The chart writes the group name unquoted as `groupName`, and KubeRay puts it in pod names. */
const GROUP_NAME = /^[A-Za-z]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

/**
 * Validates a request against the chart and the platform policy and reports every problem at once,
 * errors apart from warnings, each with its field path and its fix.
 *
 * @public
 */
export function validateRequest(
  input: unknown,
  context: ValidationContext,
): ValidationResult {
  const problems = new ProblemList();
  const parsed = rayClusterRequestSchema.safeParse(input);
  if (!parsed.success) {
    problems.items.push(
      ...problemsFromIssues(rayClusterRequestSchema, parsed.error.issues),
    );
    return finish(problems);
  }
  const resolved = resolveRequest(parsed.data, context.policy, problems);
  checkNames(resolved, problems);
  checkPeople(resolved, problems);
  checkImages(resolved, context.policy, problems);
  checkLicense(resolved, context.policy, problems);
  checkNode('head', resolved.head, context.policy, resolved, problems, true);
  checkWorkerGroups(resolved, context.policy, problems);
  checkStorage(resolved, context.policy, problems);
  checkVolumes(resolved.volumes, problems);
  checkTarget(parsed.data, resolved, context.policy, problems);
  checkTotals(resolved, context.policy, problems);
  checkOneClusterPerNamespace(
    resolved,
    context.existingClusters ?? [],
    problems,
  );
  return finish(problems, resolved);
}

// checkTarget's name for it, until that function's owner renames it there.
const shorten = quoteForMessage;

function finish(
  problems: ProblemList,
  resolved?: ResolvedRequest,
): ValidationResult {
  return {
    problems: problems.items,
    errors: problems.errors,
    warnings: problems.warnings,
    resolved: problems.errors.length === 0 ? resolved : undefined,
  };
}

function resolveRequest(
  request: ParsedRayClusterRequest,
  policy: SynthoRayPolicy,
  problems: ProblemList,
): ResolvedRequest {
  const base =
    request.preset === 'custom' ? undefined : presets[request.preset];
  const head = { ...(base?.head ?? {}), ...request.head } as HeadSpec;
  if (!head.cpu || !head.memory) {
    problems.error(
      'head',
      'A custom request needs the head size.',
      'Set head.cpu and head.memory, e.g. 16 and 64G (Syntho recommends never less than 2G for the head).',
    );
  }
  const groups = [
    ...(request.workerGroups ?? base?.workerGroups ?? []).map(
      (group, index) => ({
        group,
        sourcePath: `workerGroups[${index}]`,
      }),
    ),
    ...(request.extraWorkerGroups ?? []).map((group, index) => ({
      group,
      sourcePath: `extraWorkerGroups[${index}]`,
    })),
  ];
  const target =
    policy.targets.find(t => t.name === request.targetCluster) ??
    policy.targets[0];
  const targetCluster = request.targetCluster ?? target?.name ?? 'local';
  const profile = chartProfiles[request.chartProfile ?? policy.chart.profile];
  const licenseSource: LicenseSource = request.license?.plainText
    ? { kind: 'plainText', value: request.license.plainText }
    : {
        kind: 'secret',
        secretName: request.license?.secretName ?? policy.license.secretName,
        secretKey: request.license?.secretKey ?? policy.license.secretKey,
      };
  const workerGroups = groups.map(({ group, sourcePath }) => ({
    ...group,
    sourcePath,
    minReplicas:
      group.minReplicas ??
      Math.min(group.replicas, group.maxReplicas ?? group.replicas),
    maxReplicas:
      group.maxReplicas ?? Math.max(group.replicas, group.minReplicas ?? 0),
  }));

  return {
    name: request.name,
    namespace: request.namespace,
    targetCluster,
    openshift: request.openshift ?? target?.openshift ?? false,
    owner: request.owner,
    requestedBy: request.requestedBy,
    description: request.description,
    preset: request.preset,
    profile,
    images: {
      ray: {
        repository: `${policy.images.registry}/${policy.images.rayRepository}`,
        tag: request.images?.rayTag ?? policy.images.defaultRayTag ?? 'latest',
      },
      operator: {
        repository: `${policy.images.registry}/${policy.images.operatorRepository}`,
        tag:
          request.images?.operatorTag ??
          policy.images.defaultOperatorTag ??
          'latest',
      },
      pullPolicy: request.images?.pullPolicy ?? policy.images.pullPolicy,
    },
    pullSecret: request.pullSecret ?? policy.pullSecret,
    license: licenseSource,
    head,
    workerGroups,
    storageClass:
      request.storageClass ??
      policy.storage.defaultClass ??
      policy.storage.classes.find(c => c.readWriteMany)?.name ??
      'default',
    volumes: request.volumes ?? [],
    path: gitopsPath(policy, {
      cluster: targetCluster,
      namespace: request.namespace,
      name: request.name,
    }),
    headService: headServiceName(request.name),
    rayAddress: rayAddress(request.name, request.namespace),
    totals: sumTotals(head, workerGroups),
  };
}

function quantityOrZero(value: string | undefined): bigint {
  try {
    return value === undefined ? 0n : parseQuantity(value);
  } catch {
    return 0n;
  }
}

function sumTotals(head: HeadSpec, groups: ResolvedWorkerGroup[]) {
  let cpu = quantityOrZero(head.cpu);
  let memory = quantityOrZero(head.memory);
  let gpu = head.gpu ?? 0;
  let maxWorkers = 0;
  for (const group of groups) {
    const count = BigInt(group.maxReplicas);
    cpu += quantityOrZero(group.cpu) * count;
    memory += quantityOrZero(group.memory) * count;
    gpu += (group.gpu ?? 0) * group.maxReplicas;
    maxWorkers += group.maxReplicas;
  }
  return { cpu, memory, gpu, maxWorkers };
}

function checkNames(resolved: ResolvedRequest, problems: ProblemList) {
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

function checkPeople(resolved: ResolvedRequest, problems: ProblemList) {
  const people = [
    { path: 'owner', value: resolved.owner, kinds: ['user', 'group'] },
    { path: 'requestedBy', value: resolved.requestedBy, kinds: ['user'] },
  ];
  for (const { path, value, kinds } of people) {
    const problem =
      value === undefined ? undefined : checkEntityRef(value, kinds);
    if (problem) {
      problems.error(
        path,
        `"${quoteForMessage(value!)}" ${problem}.`,
        `Pick the ${kinds.join(' or ')} from the catalog, e.g. "${
          kinds[kinds.length - 1]
        }:default/data-science".`,
      );
    }
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

function isFloatingTag(tag: string) {
  return tag === 'latest' || tag.startsWith('latest-');
}

function checkImages(
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  const images = [
    {
      path: 'images.rayTag',
      label: 'Ray image',
      tag: resolved.images.ray.tag,
      allowed: policy.images.allowedRayTags,
    },
    {
      path: 'images.operatorTag',
      label: 'operator image',
      tag: resolved.images.operator.tag,
      allowed: policy.images.allowedOperatorTags,
    },
  ];
  for (const { path, label, tag, allowed } of images) {
    const tagProblem = checkImageTag(tag);
    if (tagProblem) {
      problems.error(
        path,
        `The ${label} tag "${quoteForMessage(tag)}" ${tagProblem}.`,
        'Set the exact tag the Syntho team provided (e.g. 2.9.3), or a digest "sha256:" followed by 64 hexadecimal digits.',
      );
    } else if (allowed.length > 0 && !allowed.includes(tag)) {
      problems.error(
        path,
        `The ${label} tag "${tag}" is not one the platform allows.`,
        `Pick one of: ${allowed.join(', ')}.`,
      );
    } else if (isFloatingTag(tag)) {
      const message = `The ${label} tag "${tag}" is not pinned: the cluster changes whenever the tag moves, and pods on different nodes can run different versions.`;
      const fix = 'Set the exact tag the Syntho team provided (e.g. 2.9.3).';
      if (policy.images.latestTag === 'error')
        problems.error(path, message, fix);
      else problems.warning(path, message, fix);
    }
  }
  const pullSecretProblem = checkDns1123Subdomain(resolved.pullSecret);
  if (pullSecretProblem) {
    problems.error(
      'pullSecret',
      `Pull secret name "${quoteForMessage(
        resolved.pullSecret,
      )}" ${pullSecretProblem}.`,
      'Name the image pull Secret that exists in the namespace (default syntho-cr-secret).',
    );
  }
}

function checkLicense(
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  if (resolved.license.kind === 'plainText') {
    if (!policy.license.allowPlainText) {
      problems.error(
        'license.plainText',
        'The license key may not be written into the request: it would end up in Git.',
        `Remove license.plainText and name the Secret that holds the key (license.secretName, default "${policy.license.secretName}"); the platform team creates it in the namespace.`,
      );
      return;
    }
    const textProblem = checkLicenseText(resolved.license.value);
    if (textProblem) {
      problems.error(
        'license.plainText',
        `The license key ${textProblem}.`,
        'Paste the key exactly as Syntho sent it, without spaces or line breaks.',
      );
    }
    return;
  }
  const secretProblem = checkDns1123Subdomain(resolved.license.secretName);
  if (secretProblem) {
    problems.error(
      'license.secretName',
      `License Secret name "${quoteForMessage(
        resolved.license.secretName,
      )}" ${secretProblem}.`,
      'Name the Kubernetes Secret that holds the Syntho license key.',
    );
  }
  const keyProblem = checkSecretKey(resolved.license.secretKey);
  if (keyProblem) {
    problems.error(
      'license.secretKey',
      `License Secret key "${quoteForMessage(
        resolved.license.secretKey,
      )}" ${keyProblem}.`,
      `Name the key of the Secret that holds the license, e.g. "${policy.license.secretKey}".`,
    );
  }
}

function checkNode(
  path: string,
  node: Partial<HeadSpec>,
  policy: SynthoRayPolicy,
  resolved: ResolvedRequest,
  problems: ProblemList,
  isHead: boolean,
) {
  const limits = {
    cpu: parseField(`${path}.cpu`, node.cpu, problems),
    memory: parseField(`${path}.memory`, node.memory, problems),
  };
  const requests = {
    cpu: parseField(`${path}.requests.cpu`, node.requests?.cpu, problems),
    memory: parseField(
      `${path}.requests.memory`,
      node.requests?.memory,
      problems,
    ),
  };
  for (const resource of ['cpu', 'memory'] as const) {
    const limit = limits[resource];
    const request = requests[resource];
    if (limit === 0n) {
      problems.error(
        `${path}.${resource}`,
        `${resource === 'cpu' ? 'CPU' : 'Memory'} must be more than zero.`,
        'Give the pod a size, e.g. 4 CPU and 16G.',
      );
    }
    if (limit !== undefined && request !== undefined && request > limit) {
      problems.error(
        `${path}.requests.${resource}`,
        `The ${resource} request (${node.requests?.[resource]}) is larger than the limit (${node[resource]}).`,
        `Lower requests.${resource} to at most ${node[resource]}, or raise ${resource}.`,
      );
    }
  }
  if (isHead) {
    for (const [field, value] of [
      ['memory', limits.memory],
      ['requests.memory', requests.memory],
    ] as const) {
      if (value !== undefined && value < MIN_HEAD_MEMORY) {
        problems.error(
          `${path}.${field}`,
          `The head has ${formatMemory(
            value,
          )} of memory; below 2G the Ray head runs out of memory (OOMKilled).`,
          'Give the head at least 2G of memory (Syntho recommends 64G for production).',
        );
      }
    }
  }
  checkPlacement(
    path,
    node,
    { policy, namespace: resolved.namespace },
    problems,
  );
  checkEnv(`${path}.env`, node.env, problems);
}

function parseField(
  path: string,
  value: string | undefined,
  problems: ProblemList,
) {
  if (value === undefined) return undefined;
  try {
    return parseQuantity(value);
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    problems.error(path, error.message, 'Write it like 16, 500m, 64G or 8Gi.');
    return undefined;
  }
}

function checkEnv(path: string, env: HeadSpec['env'], problems: ProblemList) {
  const seen = new Set<string>();
  (env ?? []).forEach((variable, index) => {
    const itemPath = `${path}[${index}].name`;
    const nameProblem = checkEnvName(variable.name);
    if (nameProblem) {
      problems.error(
        itemPath,
        `Variable name "${variable.name}" ${nameProblem}.`,
        'Rename the variable.',
      );
    }
    if (variable.name === LICENSE_ENV_NAME) {
      problems.error(
        itemPath,
        `${LICENSE_ENV_NAME} carries the Syntho license, which the chart wires from the license Secret.`,
        'Remove this variable; set license.secretName instead.',
      );
    }
    if (seen.has(variable.name)) {
      problems.error(
        itemPath,
        `Variable "${variable.name}" is set twice.`,
        'Keep one of them.',
      );
    }
    seen.add(variable.name);
  });
}

function checkWorkerGroups(
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
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
    checkNode(path, group, policy, resolved, problems, false);
  });
}

function checkStorage(
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
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

function checkVolumes(volumes: ExtraVolume[], problems: ProblemList) {
  const names = new Set<string>();
  const paths = new Set<string>();
  volumes.forEach((volume, index) => {
    const path = `volumes[${index}]`;
    const sources = [
      volume.persistentVolumeClaim,
      volume.configMap,
      volume.secret,
      volume.emptyDir || undefined,
    ].filter(source => source !== undefined);
    if (sources.length !== 1) {
      problems.error(
        path,
        `Volume "${quoteForMessage(
          volume.name,
        )}" needs exactly one source; it has ${sources.length}.`,
        'Set one of persistentVolumeClaim, configMap, secret or emptyDir.',
      );
    }
    const nameProblem = checkDns1123Label(volume.name);
    if (nameProblem) {
      problems.error(
        `${path}.name`,
        `Volume name "${quoteForMessage(volume.name)}" ${nameProblem}.`,
        'Rename the volume.',
      );
    }
    if (RESERVED_VOLUME_NAMES.includes(volume.name)) {
      problems.error(
        `${path}.name`,
        `The chart already has a volume named "${volume.name}".`,
        'Choose another name.',
      );
    }
    if (names.has(volume.name)) {
      problems.error(
        `${path}.name`,
        `Two volumes are named "${volume.name}".`,
        'Give each volume its own name.',
      );
    }
    names.add(volume.name);
    for (const [field, source] of [
      ['persistentVolumeClaim', volume.persistentVolumeClaim],
      ['configMap', volume.configMap],
      ['secret', volume.secret],
    ] as const) {
      const sourceProblem =
        source === undefined ? undefined : checkDns1123Subdomain(source);
      if (sourceProblem) {
        problems.error(
          `${path}.${field}`,
          `"${quoteForMessage(source!)}" ${sourceProblem}.`,
          `Name the ${field} as it exists in the namespace.`,
        );
      }
    }
    const mountPathProblem = checkMountPath(volume.mountPath);
    if (mountPathProblem) {
      problems.error(
        `${path}.mountPath`,
        `Mount path "${quoteForMessage(
          volume.mountPath,
        )}" ${mountPathProblem}.`,
        'Write an absolute path without ":", "//", "." or ".." segments or control characters, e.g. /mnt/data.',
      );
    } else {
      checkMountPathIsFree(
        `${path}.mountPath`,
        normalizeMountPath(volume.mountPath),
        paths,
        problems,
      );
    }
    if (volume.persistentVolumeClaim) {
      problems.warning(
        `${path}.persistentVolumeClaim`,
        `Ray may schedule several pods on different nodes that all mount "${volume.persistentVolumeClaim}".`,
        'Make sure the claim is ReadWriteMany (or ReadOnlyMany) and reachable from every node.',
      );
    }
  });
}

/** Refuses a mount path at, under or above a protected path, or one another volume already uses. */
function checkMountPathIsFree(
  path: string,
  mountPath: string,
  taken: Set<string>,
  problems: ProblemList,
) {
  const protectedPath = PROTECTED_MOUNT_PATHS.find(reserved =>
    pathsOverlap(mountPath, reserved),
  );
  if (protectedPath) {
    problems.error(
      path,
      `Mount path ${mountPath} is, lies under or holds ${protectedPath}, which ${
        RESERVED_MOUNT_PATHS.includes(protectedPath)
          ? 'the chart mounts for Ray itself'
          : "holds the pod's service-account token"
      }; a volume there would hide or replace it.`,
      'Mount the volume elsewhere, e.g. /mnt/data.',
    );
  }
  if (taken.has(mountPath)) {
    problems.error(
      path,
      `Two volumes are mounted at ${mountPath}.`,
      'Give each volume its own mount path.',
    );
  }
  taken.add(mountPath);
}

function checkTarget(
  request: ParsedRayClusterRequest,
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
  problems: ProblemList,
) {
  const target = policy.targets.find(t => t.name === resolved.targetCluster);
  if (!target) {
    problems.error(
      'targetCluster',
      `Kubernetes cluster "${shorten(
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
      `Namespace "${shorten(
        resolved.namespace,
      )}" is not open for Ray clusters on ${target.name}.`,
      `Pick one of: ${target.namespaces.join(', ')}.`,
    );
  }
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

function checkTotals(
  resolved: ResolvedRequest,
  policy: SynthoRayPolicy,
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

function checkOneClusterPerNamespace(
  resolved: ResolvedRequest,
  existing: ExistingCluster[],
  problems: ProblemList,
) {
  const occupant = existing.find(
    cluster =>
      cluster.targetCluster === resolved.targetCluster &&
      cluster.namespace === resolved.namespace &&
      cluster.name !== resolved.name,
  );
  if (occupant) {
    problems.error(
      'namespace',
      `Namespace "${resolved.namespace}" on ${
        resolved.targetCluster
      } already holds the Ray cluster "${quoteForMessage(
        occupant.name,
      )}"; the chart creates objects with fixed names (${resolved.profile.fixedObjectNames.join(
        ', ',
      )}), so a second release there would collide.`,
      `Choose another namespace, or change "${quoteForMessage(
        occupant.name,
      )}" instead.`,
    );
  }
}
