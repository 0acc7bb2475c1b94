import { Document, isMap, isPair, isScalar, visit, YAMLMap } from 'yaml';
import { checkPlainYamlString } from '../names';
import { SynthoRayPolicy } from '../policy';
import { DEFAULT_RAY_ENV, GPU_RESOURCE, LICENSE_ENV_NAME } from '../profiles';
import { ExtraVolume, HeadSpec } from '../request';
import { MIN_HEAD_MEMORY } from '../synthoDefaults';
import { ResolvedRequest, ResolvedWorkerGroup } from '../validate';

type Values = Record<string, unknown>;

/** Stringifies YAML the same way for every file this package writes. */
export const YAML_OPTIONS = {
  lineWidth: 0,
  aliasDuplicateObjects: false,
} as const;

/** What the chart mounts itself; arrays in values replace the chart's, so these are repeated. */
const CHART_VOLUMES: Record<
  ResolvedRequest['profile']['id'],
  { volumes: Values[]; mounts: Values[] }
> = {
  'syntho-charts-0.4.2': {
    volumes: [{ name: 'log-volume', emptyDir: {} }],
    mounts: [{ mountPath: '/tmp/ray', name: 'log-volume' }],
  },
  'deployment-tools-1.14.0': {
    volumes: [
      { name: 'log-volume', emptyDir: {} },
      {
        name: 'ray-workflows',
        persistentVolumeClaim: { claimName: 'ray-workflows-claim' },
      },
      {
        name: 'ray-data',
        persistentVolumeClaim: { claimName: 'ray-data-claim' },
      },
    ],
    mounts: [
      { mountPath: '/tmp/ray', name: 'log-volume' },
      { mountPath: '/tmp/ray-workflows', name: 'ray-workflows' },
      { mountPath: '/tmp/ray-data', name: 'ray-data' },
    ],
  },
};

function resources(node: HeadSpec): Values {
  const limits: Values = { cpu: node.cpu, memory: node.memory };
  const requests: Values = {
    cpu: node.requests?.cpu ?? node.cpu,
    memory: node.requests?.memory ?? node.memory,
  };
  if (node.gpu) {
    limits[GPU_RESOURCE] = node.gpu;
    requests[GPU_RESOURCE] = node.gpu;
  }
  return { limits, requests };
}

function containerEnv(node: HeadSpec): Values[] {
  const extra = node.env ?? [];
  const overridden = new Set(extra.map(variable => variable.name));
  return [
    ...DEFAULT_RAY_ENV.filter(variable => !overridden.has(variable.name)),
    ...extra,
  ];
}

function volumeSource(volume: ExtraVolume): Values {
  if (volume.persistentVolumeClaim) {
    return {
      persistentVolumeClaim: { claimName: volume.persistentVolumeClaim },
    };
  }
  if (volume.configMap) return { configMap: { name: volume.configMap } };
  if (volume.secret) return { secret: { secretName: volume.secret } };
  return { emptyDir: {} };
}

/** `volumes` and `volumeMounts` for a pod: the chart's own, then the request's. */
function podVolumes(
  request: ResolvedRequest,
  includeChartVolumes: boolean,
): Values | undefined {
  if (!includeChartVolumes && request.volumes.length === 0) return undefined;
  const chart = CHART_VOLUMES[request.profile.id];
  return {
    volumes: [
      ...chart.volumes,
      ...request.volumes.map(volume => ({
        name: volume.name,
        ...volumeSource(volume),
      })),
    ],
    volumeMounts: [
      ...chart.mounts,
      ...request.volumes.map(volume => ({
        mountPath: volume.mountPath,
        name: volume.name,
        ...(volume.readOnly ? { readOnly: true } : {}),
      })),
    ],
  };
}

/** Placement and metadata, only where the request sets them (the chart's defaults are empty). */
function placement(node: HeadSpec): Values {
  const values: Values = {};
  if (node.labels && Object.keys(node.labels).length)
    values.labels = node.labels;
  if (node.annotations && Object.keys(node.annotations).length)
    values.annotations = node.annotations;
  if (node.nodeSelector && Object.keys(node.nodeSelector).length)
    values.nodeSelector = node.nodeSelector;
  if (node.tolerations?.length) values.tolerations = node.tolerations;
  if (node.affinity && Object.keys(node.affinity).length)
    values.affinity = node.affinity;
  return values;
}

function headValues(request: ResolvedRequest): Values {
  return {
    rayStartParams: { 'dashboard-host': '0.0.0.0', block: 'true' },
    containerEnv: containerEnv(request.head),
    resources: resources(request.head),
    ...placement(request.head),
    ...podVolumes(request, false),
  };
}

function workerGroupValues(
  request: ResolvedRequest,
  group: ResolvedWorkerGroup,
): Values {
  return {
    disabled: false,
    replicas: group.replicas,
    minReplicas: group.minReplicas,
    maxReplicas: group.maxReplicas,
    rayStartParams: { block: 'true' },
    containerEnv: containerEnv(group),
    resources: resources(group),
    ...placement(group),
    // A new group has no chart defaults to fall back on, so its volumes are always written.
    ...podVolumes(request, true),
  };
}

function workerGroupsValues(request: ResolvedRequest): Values {
  return Object.fromEntries(
    request.workerGroups.map(group => [
      group.name,
      workerGroupValues(request, group),
    ]),
  );
}

/** The shared volume every Ray pod mounts: mounted by many pods at once, so ReadWriteMany. */
function sharedVolume(request: ResolvedRequest): Values {
  return {
    storageClassName: request.storageClass,
    accessMode: 'ReadWriteMany',
  };
}

const DIGEST_ALGORITHM = 'sha256:';

/**
 * `repository` and `tag` for a chart that writes `<repository>:<tag>`: a digest is pinned as
 * `<repository>@sha256` and the hex digits, which the chart joins to `<repository>@sha256:<hex>`.
 */
function image(ref: { repository: string; tag: string }, pullPolicy: string) {
  if (ref.tag.startsWith(DIGEST_ALGORITHM)) {
    return {
      repository: `${ref.repository}@${DIGEST_ALGORITHM.slice(0, -1)}`,
      tag: ref.tag.slice(DIGEST_ALGORITHM.length),
      pullPolicy,
    };
  }
  return { repository: ref.repository, tag: ref.tag, pullPolicy };
}

/**
 * The image reference a pod runs: `<repository>:<tag>`, or `<repository>@sha256:<hex>` for a digest.
 *
 * @public
 */
export function imageReference(ref: { repository: string; tag: string }) {
  return `${ref.repository}${ref.tag.startsWith(DIGEST_ALGORITHM) ? '@' : ':'}${
    ref.tag
  }`;
}

/** How the license reaches the chart, per GitOps engine and chart profile. */
function licenseValue(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): string | undefined {
  if (request.license.kind === 'plainText') return request.license.value;
  if (policy.gitops.engine === 'argocd') {
    return `<path:${policy.license.vaultPath}#${request.license.secretKey}>`;
  }
  // Flux injects SynthoLicense from the Secret through HelmRelease.valuesFrom.
  return undefined;
}

function syntho042Values(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): Values {
  const license = licenseValue(request, policy);
  return {
    clustername: request.name,
    ...(license !== undefined ? { SynthoLicense: license } : {}),
    imagePullSecrets: [{ name: request.pullSecret }],
    operatorImage: image(request.images.operator, request.images.pullPolicy),
    image: image(request.images.ray, request.images.pullPolicy),
    head: headValues(request),
    worker: { disabled: true },
    additionalWorkerGroups: workerGroupsValues(request),
    storage: sharedVolume(request),
  };
}

function deploymentTools1140Values(request: ResolvedRequest): Values {
  const pullSecrets = [{ name: request.pullSecret }];
  const licenseFromSecret =
    request.license.kind === 'secret' ? request.license : undefined;
  return {
    ...(licenseFromSecret
      ? { manualSecretName: licenseFromSecret.secretName }
      : { SynthoLicense: (request.license as { value: string }).value }),
    'kuberay-operator': {
      image: image(request.images.operator, request.images.pullPolicy),
      imagePullSecrets: pullSecrets,
    },
    'ray-cluster': {
      fullnameOverride: request.name,
      image: image(request.images.ray, request.images.pullPolicy),
      imagePullSecrets: pullSecrets,
      ...(licenseFromSecret
        ? {
            common: {
              containerEnv: [
                {
                  name: LICENSE_ENV_NAME,
                  valueFrom: {
                    secretKeyRef: {
                      name: licenseFromSecret.secretName,
                      key: licenseFromSecret.secretKey,
                    },
                  },
                },
              ],
            },
          }
        : {}),
      head: headValues(request),
      worker: { disabled: true },
      additionalWorkerGroups: workerGroupsValues(request),
    },
    storage: sharedVolume(request),
  };
}

/**
 * The chart values for a request, as plain data.
 *
 * @public
 */
export function buildValues(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): Record<string, unknown> {
  return request.profile.id === 'syntho-charts-0.4.2'
    ? syntho042Values(request, policy)
    : deploymentTools1140Values(request);
}

const KEY_COMMENTS: Record<string, string> = {
  SynthoLicense:
    ' Placeholder resolved by argocd-vault-plugin at sync time; the key itself is never in Git.',
  manualSecretName:
    ' The license comes from this Secret, which the platform team provides in the namespace.',
  worker:
    " The chart's default group is off; every group below is listed explicitly.",
  additionalWorkerGroups:
    ' One entry per worker group; the key is the group name.',
  storage:
    ' Shared volume mounted by every Ray pod: needs a ReadWriteMany storage class.',
  head: ` The Ray head: scheduling and the dashboard; Syntho recommends never less than ${MIN_HEAD_MEMORY} of memory.`,
};

function addComments(map: YAMLMap) {
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const comment = KEY_COMMENTS[String(item.key.value)];
    if (comment) item.key.commentBefore = comment;
    if (item.key.value === 'ray-cluster' && isMap(item.value))
      addComments(item.value);
  }
}

/**
 * What a plain scalar YAML 1.1 or 1.2 reads as no string can look like: empty, a number, date or
 * time (a digit, sign or point first), null (`~`), a merge or value key (`<<`, `=`), or a boolean
 * or null word. Only these are parsed to be sure; the rest are text in both versions.
 */
const MAY_RESOLVE_TO_ANOTHER_TYPE =
  /^$|^[-+.~0-9<=]|^(y|yes|n|no|on|off|true|false|null)$/i;

/**
 * Double-quotes every string that YAML 1.1 or 1.2 would read as something else when plain. The
 * `yaml` library writes YAML 1.2, where `yes`, `on`, `n` or `2001-12-14` are text; Helm's parser
 * follows YAML 1.1 and would read them as a boolean or a timestamp.
 */
function quoteAmbiguousStrings(document: Document) {
  visit(document, {
    Scalar(_, node) {
      if (
        typeof node.value === 'string' &&
        MAY_RESOLVE_TO_ANOTHER_TYPE.test(node.value) &&
        checkPlainYamlString(node.value)
      )
        node.type = 'QUOTE_DOUBLE';
    },
  });
}

/**
 * `values.yaml` for a request: stable key order, short comments, no license value.
 *
 * @public
 */
export function renderValuesYaml(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): string {
  const document = new Document(buildValues(request, policy), YAML_OPTIONS);
  document.commentBefore = [
    ` Syntho Ray cluster "${request.name}" in ${request.namespace} on ${request.targetCluster}.`,
    ` Chart ${request.profile.chartName} ${
      request.profile.chartVersion
    }; rendered by syntho-ray${
      request.requestedBy ? ` for ${request.requestedBy}` : ''
    }.`,
    ' Change it through a new request from the portal, or edit it and run `yarn syntho-ray validate`.',
  ].join('\n');
  if (isMap(document.contents)) addComments(document.contents);
  quoteAmbiguousStrings(document);
  return document.toString(YAML_OPTIONS);
}
