import { gitopsPath, SynthoRayPolicy } from './policy';
import {
  ChartProfile,
  chartProfiles,
  headServiceName,
  rayAddress,
} from './profiles';
import { parseQuantity } from './quantity';
import {
  ExtraVolume,
  HeadSpec,
  ParsedRayClusterRequest,
  presets,
  WorkerGroupSpec,
} from './request';

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
 * Fills in what the request leaves to its preset and to the policy. It judges nothing: the checks
 * report what is wrong, so a custom request without a head size still resolves (with that size
 * missing, and counting as zero in the totals).
 */
export function resolveRequest(
  request: ParsedRayClusterRequest,
  policy: SynthoRayPolicy,
): ResolvedRequest {
  const base =
    request.preset === 'custom' ? undefined : presets[request.preset];
  const head = { ...(base?.head ?? {}), ...request.head } as HeadSpec;
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

// A quantity the checks refuse still resolves, so that every other problem is reported with it.
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
