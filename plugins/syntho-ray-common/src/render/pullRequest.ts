import { stringify } from 'yaml';
import { Problem } from '../problems';
import { formatCpu, formatMemory, parseQuantity } from '../quantity';
import { ExtraVolume, HeadSpec } from '../request';
import { ResolvedRequest } from '../validate';
import {
  markdownCode as code,
  markdownCodeBlock,
  markdownTableCell as cell,
  markdownText as text,
  MAX_SHOWN_LENGTH,
} from './markdown';
import { imageReference, YAML_OPTIONS } from './values';

/** Past this, a pod's placement is left to values.yaml: GitHub refuses bodies over 65,536 characters. */
const MAX_PLACEMENT_LENGTH = 8000;

function size(node: HeadSpec): string {
  const parts = [
    `${formatCpu(parseQuantity(node.cpu))} CPU`,
    // A quantity that passed its grammar holds only digits, a point, a sign and suffix letters.
    `${node.memory} (${formatMemory(parseQuantity(node.memory))})`,
  ];
  if (node.gpu) parts.push(`${node.gpu} GPU`);
  return parts.join(' / ');
}

function volumeSource(volume: ExtraVolume): string {
  if (volume.persistentVolumeClaim)
    return `claim ${code(volume.persistentVolumeClaim)}`;
  if (volume.configMap) return `ConfigMap ${code(volume.configMap)}`;
  if (volume.secret) return `Secret ${code(volume.secret)}`;
  return 'an emptyDir';
}

/** Values longer than a reviewer can read in the body are cut; values.yaml has them whole. */
function shortened(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_SHOWN_LENGTH
      ? `${value.slice(0, MAX_SHOWN_LENGTH)}… (${value.length} characters)`
      : value;
  }
  if (Array.isArray(value)) return value.map(shortened);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        shortened(key) as string,
        shortened(item),
      ]),
    );
  }
  return value;
}

/** What a pod sets beyond its size: placement, metadata and environment, for the reviewer to see. */
function placementOf(node: HeadSpec): Record<string, unknown> | undefined {
  const set = Object.fromEntries(
    (
      [
        'nodeSelector',
        'tolerations',
        'affinity',
        'labels',
        'annotations',
        'env',
      ] as const
    )
      .map(field => [field, node[field]] as const)
      .filter(
        ([, value]) =>
          value !== undefined &&
          (Array.isArray(value) ? value.length > 0 : Object.keys(value).length),
      ),
  );
  return Object.keys(set).length ? set : undefined;
}

function placementSection(request: ResolvedRequest): string[] {
  const pods = [
    { label: 'head', node: request.head },
    ...request.workerGroups.map(group => ({
      label: `worker group ${code(group.name)}`,
      node: group as HeadSpec,
    })),
  ].flatMap(({ label, node }) => {
    const placement = placementOf(node);
    if (!placement) return [];
    const yaml = stringify(shortened(placement), YAML_OPTIONS);
    return [
      '',
      `**${label}**`,
      '',
      yaml.length > MAX_PLACEMENT_LENGTH
        ? `${yaml.length} characters of placement, too long to show here; read them in values.yaml.`
        : markdownCodeBlock(yaml, 'yaml'),
    ];
  });
  return pods.length
    ? [
        '',
        '### Placement, metadata and environment the request sets',
        '',
        'Within what `synthoRay.placement` allows; check that these pods belong where they ask to run.',
        ...pods,
      ]
    : [];
}

/**
 * Title and Markdown body of the pull request, written for the reviewer on the platform team. Every
 * value from the request is a code span or escaped text, so it shows as typed and nothing else.
 *
 * @public
 */
export function renderPullRequest(
  request: ResolvedRequest,
  warnings: Problem[],
  files: string[],
): { title: string; body: string } {
  // Name, namespace and target passed their DNS grammars; the title is plain text on one line.
  const title = `Ray cluster ${request.name} in ${request.namespace} on ${request.targetCluster}`;
  const rows = [
    `| head | 1 | 1 | 1 | ${cell(size(request.head))} |`,
    ...request.workerGroups.map(
      group =>
        `| ${cell(code(group.name))} | ${group.minReplicas} | ${
          group.replicas
        } | ${group.maxReplicas} | ${cell(size(group))} |`,
    ),
  ];
  const license =
    request.license.kind === 'secret'
      ? `from Secret ${code(request.license.secretName)} (key ${code(
          request.license.secretKey,
        )}), which must exist in ${code(request.namespace)}`
      : 'written as plain text (allowed by policy)';
  const body = [
    `## Ray cluster ${code(request.name)} in ${code(
      request.namespace,
    )} on ${code(request.targetCluster)}`,
    '',
    `Requested by ${
      request.requestedBy ? code(request.requestedBy) : 'an unknown user'
    }${request.owner ? ` for ${code(request.owner)}` : ''}, preset **${
      request.preset
    }**, chart ${request.profile.chartName} ${request.profile.chartVersion}.`,
    ...(request.description
      ? ['', `Description: ${code(request.description)}`]
      : []),
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
    `- Images: ${code(imageReference(request.images.ray))}, operator ${code(
      imageReference(request.images.operator),
    )}, pull secret ${code(request.pullSecret)}`,
    `- Shared volume: storage class ${code(
      request.storageClass,
    )} (ReadWriteMany)`,
    ...request.volumes.map(
      volume =>
        `- Extra volume ${code(volume.name)} at ${code(volume.mountPath)}${
          volume.readOnly ? ' (read-only)' : ''
        }: ${volumeSource(volume)}`,
    ),
    `- License: ${license}`,
    `- OpenShift: ${
      request.openshift
        ? 'yes — `openshift-crio-pids-limit.yaml` raises the CRI-O pids limit to 8096'
        : 'no'
    }`,
    `- Ray address for Syntho's Core API: ${code(request.rayAddress)}`,
    ...placementSection(request),
    '',
    '### Policy checks',
    '',
    warnings.length === 0
      ? 'All checks passed with no warnings.'
      : warnings
          .map(
            w =>
              `- ⚠️ ${code(w.path)}: ${text(w.message, 1000)} ${text(
                w.fix,
                1000,
              )}`,
          )
          .join('\n'),
    '',
    '### Files',
    '',
    ...files.map(file => `- ${code(`${request.path}/${file}`)}`),
    '',
    'Merging this pull request approves the request; the GitOps engine then installs the chart.',
  ];
  return { title, body: body.join('\n') };
}
