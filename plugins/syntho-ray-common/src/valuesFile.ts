import {
  isMap,
  isScalar,
  LineCounter,
  Node,
  parseDocument,
  YAMLMap,
} from 'yaml';
import { SynthoRayPolicy } from './policy';
import { parseYamlStrictly } from './yamlStrict';
import { Problem } from './problems';
import {
  ChartProfile,
  chartProfiles,
  GPU_RESOURCE,
  LICENSE_ENV_NAME,
} from './profiles';
import { RayClusterRequest } from './request';
import { validateRequest } from './validate';

/**
 * A problem in a values.yaml file, with the line it points at.
 *
 * @public
 */
export interface ValuesFileProblem extends Problem {
  /** 1-based line in the file. */
  line: number;
  /** 1-based column in the file, where the problem is a place in the text (YAML syntax). */
  column?: number;
}

type Values = Record<string, any>;

const PLACEHOLDER_LICENSES = ['', '<put-your-own-license>', '<license-key>'];

function detectProfile(values: Values): ChartProfile {
  return 'ray-cluster' in values || 'kuberay-operator' in values
    ? chartProfiles['deployment-tools-1.14.0']
    : chartProfiles['syntho-charts-0.4.2'];
}

/** Maps a request field path to the values path it was read from. */
type PathMap = Array<[requestPrefix: string, valuesPath: string[]]>;

function nodeFields(node: Values | undefined) {
  const limits = node?.resources?.limits ?? {};
  const requests = node?.resources?.requests ?? {};
  const cpu = limits.cpu ?? requests.cpu;
  const memory = limits.memory ?? requests.memory;
  const env = (node?.containerEnv ?? [])
    .filter((variable: Values) => typeof variable?.value === 'string')
    .map((variable: Values) => ({
      name: String(variable.name),
      value: variable.value,
    }));
  const gpu = limits[GPU_RESOURCE];
  return {
    ...(cpu !== undefined ? { cpu: String(cpu) } : {}),
    ...(memory !== undefined ? { memory: String(memory) } : {}),
    ...(gpu !== undefined ? { gpu: Number(gpu) } : {}),
    requests: {
      ...(requests.cpu !== undefined ? { cpu: String(requests.cpu) } : {}),
      ...(requests.memory !== undefined
        ? { memory: String(requests.memory) }
        : {}),
    },
    ...(env.length ? { env } : {}),
    ...(node?.labels && Object.keys(node.labels).length
      ? { labels: node.labels }
      : {}),
    ...(node?.nodeSelector && Object.keys(node.nodeSelector).length
      ? { nodeSelector: node.nodeSelector }
      : {}),
  };
}

/** Reads a values file back into a request, remembering where each part came from. */
function valuesToRequest(values: Values, profile: ChartProfile) {
  const ray: Values = profile.rayValuesPath.length
    ? values[profile.rayValuesPath[0]] ?? {}
    : values;
  const rayPath = profile.rayValuesPath;
  const operatorImage =
    profile.id === 'syntho-charts-0.4.2'
      ? values.operatorImage
      : values['kuberay-operator']?.image;
  const operatorPath =
    profile.id === 'syntho-charts-0.4.2'
      ? ['operatorImage']
      : ['kuberay-operator', 'image'];
  const paths: PathMap = [
    [
      'name',
      profile.id === 'syntho-charts-0.4.2'
        ? ['clustername']
        : [...rayPath, 'fullnameOverride'],
    ],
    ['images.rayTag', [...rayPath, 'image', 'tag']],
    ['images.operatorTag', [...operatorPath, 'tag']],
    ['pullSecret', [...rayPath, 'imagePullSecrets']],
    ['storageClass', ['storage', 'storageClassName']],
    ['head', [...rayPath, 'head']],
  ];
  const workerGroups: Values[] = [];
  for (const [name, group] of Object.entries<Values>(
    ray.additionalWorkerGroups ?? {},
  )) {
    if (group?.disabled === true) continue;
    paths.push([
      `workerGroups[${workerGroups.length}]`,
      [...rayPath, 'additionalWorkerGroups', name],
    ]);
    workerGroups.push({ name, group });
  }
  if (ray.worker && ray.worker.disabled !== true) {
    paths.push([
      `workerGroups[${workerGroups.length}]`,
      [...rayPath, 'worker'],
    ]);
    workerGroups.push({
      name: ray.worker.groupName ?? 'workergroup',
      group: ray.worker,
    });
  }
  const request: RayClusterRequest = {
    name: String(
      profile.id === 'syntho-charts-0.4.2'
        ? values.clustername ?? 'ray-cluster'
        : ray.fullnameOverride ?? 'ray-cluster',
    ),
    // Namespace and target are where the file lives, not in it; placeholders keep them out of the check.
    namespace: 'values-file',
    preset: 'custom',
    // Without a tag the chart's default applies, which is a floating latest tag in both charts.
    images: {
      rayTag: String(ray.image?.tag ?? 'latest'),
      operatorTag: String(operatorImage?.tag ?? 'latest'),
    },
    pullSecret: ray.imagePullSecrets?.[0]?.name,
    head: nodeFields(ray.head),
    workerGroups: workerGroups.map(({ name, group }) => ({
      name,
      replicas: Number(group.replicas ?? 0),
      ...(group.minReplicas !== undefined
        ? { minReplicas: Number(group.minReplicas) }
        : {}),
      ...(group.maxReplicas !== undefined
        ? { maxReplicas: Number(group.maxReplicas) }
        : {}),
      cpu: '0',
      memory: '0',
      ...nodeFields(group),
    })),
    storageClass: values.storage?.storageClassName,
  };
  return { request, paths };
}

const FIELD_TO_VALUES: Record<string, string[]> = {
  cpu: ['resources', 'limits', 'cpu'],
  memory: ['resources', 'limits', 'memory'],
  gpu: ['resources', 'limits', GPU_RESOURCE],
  'requests.cpu': ['resources', 'requests', 'cpu'],
  'requests.memory': ['resources', 'requests', 'memory'],
};

function toValuesPath(requestPath: string, paths: PathMap): string[] {
  const match = [...paths]
    .sort((a, b) => b[0].length - a[0].length)
    .find(
      ([prefix]) =>
        requestPath === prefix || requestPath.startsWith(`${prefix}.`),
    );
  if (!match) return [];
  const rest = requestPath.slice(match[0].length + 1);
  if (!rest) return match[1];
  const field = rest.replace(/\[\d+\].*$/, '');
  return [
    ...match[1],
    ...(FIELD_TO_VALUES[field] ?? [
      field === 'env' ? 'containerEnv' : field.split('.')[0],
    ]),
  ];
}

/**
 * The line of the node at `path` in a parsed YAML document, or of its nearest ancestor that exists.
 *
 * @public
 */
export function lineOf(
  document: ReturnType<typeof parseDocument>,
  path: string[],
  lines: LineCounter,
): number {
  for (let depth = path.length; depth > 0; depth--) {
    const parent =
      depth === 1
        ? document.contents
        : document.getIn(path.slice(0, depth - 1), true);
    if (isMap(parent)) {
      const pair = (parent as YAMLMap).items.find(
        item =>
          isScalar(item.key) && String(item.key.value) === path[depth - 1],
      );
      if (pair && isScalar(pair.key) && pair.key.range)
        return lines.linePos(pair.key.range[0]).line;
    }
    const node = document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function suggest(key: string, known: string[]) {
  const match = known.find(k => k.toLowerCase() === key.toLowerCase());
  return match
    ? `Did you mean "${match}"?`
    : `The chart reads: ${known.join(', ')}.`;
}

/** Records a problem found at a path of the values file. */
type Report = (
  path: string[],
  severity: Problem['severity'],
  message: string,
  fix: string,
) => void;

function checkKnownKeys(values: Values, profile: ChartProfile, report: Report) {
  const chart = `${profile.chartName} ${profile.chartVersion}`;
  const checkMap = (
    map: unknown,
    path: string[],
    known: string[],
    what: string,
  ) => {
    if (!map || typeof map !== 'object' || Array.isArray(map)) return;
    for (const key of Object.keys(map)) {
      if (!known.includes(key)) {
        report(
          [...path, key],
          'error',
          `Chart ${chart} never reads ${what} key "${key}", so it has no effect.`,
          `Remove it. ${suggest(key, known)}`,
        );
      }
    }
  };
  const { knownKeys } = profile;
  checkMap(values, [], knownKeys.topLevel, 'the top-level');
  const ray: Values = profile.rayValuesPath.length
    ? values['ray-cluster']
    : values;
  const rayPath = profile.rayValuesPath;
  if (profile.rayValuesPath.length)
    checkMap(ray, rayPath, knownKeys.rayCluster, 'the ray-cluster');
  checkMap(ray?.head, [...rayPath, 'head'], knownKeys.head, 'the head');
  checkMap(values.storage, ['storage'], knownKeys.storage, 'the storage');
  if (ray?.worker?.disabled !== true) {
    checkMap(
      ray?.worker,
      [...rayPath, 'worker'],
      [...knownKeys.workerGroup, 'groupName'],
      'the default worker group',
    );
  }
  for (const [name, group] of Object.entries<Values>(
    ray?.additionalWorkerGroups ?? {},
  )) {
    checkMap(
      group,
      [...rayPath, 'additionalWorkerGroups', name],
      knownKeys.workerGroup,
      'a worker group',
    );
    if (group && group.disabled !== true && group.maxReplicas === undefined) {
      report(
        [...rayPath, 'additionalWorkerGroups', name],
        'warning',
        `Group "${name}" has no maxReplicas; the chart then allows 2147483647 workers.`,
        'Set maxReplicas.',
      );
    }
  }
}

function checkLicense(values: Values, profile: ChartProfile, report: Report) {
  const license = values.SynthoLicense;
  if (license === undefined || PLACEHOLDER_LICENSES.includes(String(license)))
    return;
  if (/^<path:[^>]+>$/.test(String(license))) return;
  if (profile.id === 'deployment-tools-1.14.0' && values.manualSecretName)
    return;
  report(
    ['SynthoLicense'],
    'error',
    'The Syntho license key is written in values.yaml, so it is in Git for anyone who can read the repository.',
    profile.id === 'deployment-tools-1.14.0'
      ? 'Remove SynthoLicense, set manualSecretName to the Secret that holds the key and point ray-cluster.common.containerEnv at it.'
      : 'Remove SynthoLicense; inject it from a Secret (Flux valuesFrom) or an argocd-vault-plugin placeholder such as <path:secret/data/syntho#license_key>.',
  );
  const env: Values[] = values['ray-cluster']?.common?.containerEnv ?? [];
  if (
    env.some(
      variable =>
        variable?.name === LICENSE_ENV_NAME &&
        typeof variable.value === 'string',
    )
  ) {
    report(
      ['ray-cluster', 'common', 'containerEnv'],
      'error',
      `${LICENSE_ENV_NAME} is set as plain text.`,
      'Use valueFrom.secretKeyRef.',
    );
  }
}

/**
 * Checks a hand-edited values.yaml of either chart: keys the chart never reads, a license in plain
 * text, and everything the request validation checks (sizes, replicas, tags, storage class, totals).
 *
 * @public
 */
export function validateValuesFile(
  text: string,
  policy: SynthoRayPolicy,
): ValuesFileProblem[] {
  const parsed = parseYamlStrictly(text);
  if (!parsed.ok) {
    return parsed.problems.map(problem => ({
      severity: 'error' as const,
      path: '',
      ...problem,
    }));
  }
  const { document, lines } = parsed;
  const values = (document.toJS() ?? {}) as Values;
  const profile = detectProfile(values);
  const problems: ValuesFileProblem[] = [];
  const report = (
    path: string[],
    severity: Problem['severity'],
    message: string,
    fix: string,
  ) =>
    problems.push({
      severity,
      path: path.join('.'),
      line: lineOf(document, path, lines),
      message,
      fix,
    });

  checkKnownKeys(values, profile, report);
  checkLicense(values, profile, report);
  if (
    profile.id === 'syntho-charts-0.4.2' &&
    values.worker?.disabled !== true
  ) {
    for (const key of ['volumes', 'volumeMounts']) {
      if (values.worker?.[key] !== undefined) {
        report(
          ['worker', key],
          'error',
          `Chart 0.4.2 never reads worker.${key}: the default group mounts head.${key} instead.`,
          `Move the volume to additionalWorkerGroups.<group>.${key}, or to head.${key} if every pod should have it.`,
        );
      }
    }
  }

  const { request, paths } = valuesToRequest(values, profile);
  const validation = validateRequest(
    { ...request, chartProfile: profile.id },
    {
      policy: {
        ...policy,
        targets: [{ name: 'values-file', openshift: false, namespaces: [] }],
      },
    },
  );
  for (const problem of validation.problems) {
    if (problem.path === 'namespace' || problem.path === 'targetCluster')
      continue;
    const valuesPath = toValuesPath(problem.path, paths);
    problems.push({
      ...problem,
      path: valuesPath.join('.'),
      line: lineOf(document, valuesPath, lines),
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}
