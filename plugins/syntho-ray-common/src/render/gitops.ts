import { stringify } from 'yaml';
import { SynthoRayPolicy } from '../policy';
import { ResolvedRequest } from '../validate';
import { YAML_OPTIONS } from './values';

/**
 * A file bound for the GitOps repository, relative to the cluster's folder.
 *
 * @public
 */
export interface RenderedFile {
  path: string;
  content: string;
}

const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'syntho-ray' };

/**
 * Turns a scaffolder repoUrl (`github.com?owner=o&repo=r`) into a clone URL.
 *
 * @public
 */
export function gitCloneUrl(repoUrl: string): string {
  const [host, query = ''] = repoUrl.split('?');
  const params = new URLSearchParams(query);
  const owner = params.get('owner') ?? params.get('organization') ?? '';
  const repo = params.get('repo') ?? '';
  return `https://${host}/${owner}/${repo}.git`;
}

function document(object: unknown, comment: string): string {
  return `# ${comment}\n${stringify(object, YAML_OPTIONS)}`;
}

/** A name for engine objects that is unique per target cluster, namespace and Ray cluster. */
function releaseObjectName(request: ResolvedRequest): string {
  return `ray-${request.targetCluster}-${request.namespace}-${request.name}`
    .toLowerCase()
    .slice(0, 253);
}

function chartSource(policy: SynthoRayPolicy): Record<string, unknown> {
  const { chart } = policy;
  return chart.path
    ? {
        repoURL: chart.repoUrl,
        path: chart.path,
        targetRevision: chart.targetRevision,
      }
    : {
        repoURL: chart.repoUrl,
        chart: chart.name,
        targetRevision: chart.targetRevision,
      };
}

function argoCdFiles(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): RenderedFile[] {
  const name = releaseObjectName(request);
  const destination = {
    name: request.targetCluster,
    namespace: request.namespace,
  };
  const application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: policy.gitops.argocd.namespace,
      labels: MANAGED_BY_LABELS,
    },
    spec: {
      project: policy.gitops.argocd.project,
      destination,
      sources: [
        {
          ...chartSource(policy),
          helm: {
            releaseName: request.name,
            valueFiles: [`$values/${request.path}/values.yaml`],
            // The CRDs exceed the 262,144-byte annotation limit of client-side apply; crds-application.yaml applies them.
            skipCrds: true,
          },
        },
        {
          repoURL: gitCloneUrl(policy.gitops.repoUrl),
          targetRevision: policy.gitops.branch,
          ref: 'values',
        },
      ],
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
  const crdApplication = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: `${name}-crds`.slice(0, 253),
      namespace: policy.gitops.argocd.namespace,
      labels: MANAGED_BY_LABELS,
    },
    spec: {
      project: policy.gitops.argocd.project,
      destination: { name: request.targetCluster },
      source: {
        repoURL: policy.chart.repoUrl,
        path: policy.chart.crdsPath,
        targetRevision: policy.chart.targetRevision,
      },
      syncPolicy: { syncOptions: ['Replace=true'] },
    },
  };
  return [
    {
      path: 'application.yaml',
      content: document(
        application,
        `Argo CD: the Ray chart with this folder's values.yaml (CRDs skipped).`,
      ),
    },
    {
      path: 'crds-application.yaml',
      content: document(
        crdApplication,
        'Argo CD: the KubeRay CRDs, replaced rather than applied (too large for client-side apply).',
      ),
    },
  ];
}

function fluxFiles(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): RenderedFile[] {
  const valuesConfigMap = `${request.name}-ray-values`;
  const { chart } = policy;
  const valuesFrom: Record<string, unknown>[] = [
    { kind: 'ConfigMap', name: valuesConfigMap, valuesKey: 'values.yaml' },
  ];
  if (
    request.license.kind === 'secret' &&
    request.profile.id === 'syntho-charts-0.4.2'
  ) {
    valuesFrom.push({
      kind: 'Secret',
      name: request.license.secretName,
      valuesKey: request.license.secretKey,
      targetPath: 'SynthoLicense',
    });
  }
  const helmRelease = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name: request.name,
      namespace: request.namespace,
      labels: MANAGED_BY_LABELS,
    },
    spec: {
      interval: '10m',
      releaseName: request.name,
      chart: {
        spec: {
          chart: chart.path || chart.name,
          ...(chart.path ? {} : { version: chart.targetRevision }),
          sourceRef: {
            kind: policy.gitops.flux.sourceKind,
            name: policy.gitops.flux.sourceName,
            namespace: policy.gitops.flux.sourceNamespace,
          },
        },
      },
      install: { crds: 'CreateReplace' },
      upgrade: { crds: 'CreateReplace', cleanupOnFail: true },
      valuesFrom,
    },
  };
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: request.namespace,
    resources: ['helmrelease.yaml'],
    configMapGenerator: [{ name: valuesConfigMap, files: ['values.yaml'] }],
    generatorOptions: { disableNameSuffixHash: true },
  };
  return [
    {
      path: 'helmrelease.yaml',
      content: document(
        helmRelease,
        'Flux: the Ray chart, values from values.yaml, license from its Secret.',
      ),
    },
    {
      path: 'kustomization.yaml',
      content: document(
        kustomization,
        'Flux: turns values.yaml into the ConfigMap the HelmRelease reads.',
      ),
    },
  ];
}

/**
 * The OpenShift CRI-O pids limit, raised from 1024 to 8096 as Syntho recommends.
 *
 * @public
 */
export const OPENSHIFT_PIDS_LIMIT = 8096;

function openShiftFiles(): RenderedFile[] {
  const runtimeConfig = {
    apiVersion: 'machineconfiguration.openshift.io/v1',
    kind: 'ContainerRuntimeConfig',
    metadata: { name: 'syntho-ray-pids-limit', labels: MANAGED_BY_LABELS },
    spec: {
      machineConfigPoolSelector: {
        matchLabels: {
          'pools.operator.machineconfiguration.openshift.io/worker': '',
        },
      },
      containerRuntimeConfig: { pidsLimit: OPENSHIFT_PIDS_LIMIT },
    },
  };
  return [
    {
      path: 'openshift-crio-pids-limit.yaml',
      content: document(
        runtimeConfig,
        'OpenShift: CRI-O allows 1024 processes per pod; Ray needs more when it scales. Applied once per machine config pool by the platform team.',
      ),
    },
  ];
}

/**
 * The GitOps engine's files for a request, plus the OpenShift runtime config when it applies.
 *
 * @public
 */
export function renderGitOpsFiles(
  request: ResolvedRequest,
  policy: SynthoRayPolicy,
): RenderedFile[] {
  return [
    ...(policy.gitops.engine === 'argocd'
      ? argoCdFiles(request, policy)
      : fluxFiles(request, policy)),
    ...(request.openshift ? openShiftFiles() : []),
  ];
}
