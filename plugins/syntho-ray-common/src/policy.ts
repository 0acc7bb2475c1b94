import { z } from 'zod';
import { CHART_PROFILES } from './profiles';
import { DEFAULT_PULL_SECRET } from './synthoDefaults';

const quantityText = z.union([z.string(), z.number()]).transform(String);

/**
 * A storage class the platform offers, and whether it can be mounted ReadWriteMany.
 *
 * @public
 */
export const storageClassPolicySchema = z.object({
  name: z.string().min(1),
  readWriteMany: z.boolean(),
  description: z.string().optional(),
});

/**
 * A Kubernetes cluster requests may target (its name as in the Kubernetes plugin's config).
 *
 * @public
 */
export const targetClusterPolicySchema = z.object({
  name: z.string().min(1),
  openshift: z.boolean().default(false),
  /** Namespaces requests may use, and the status backend may read, on this cluster; empty means none. */
  namespaces: z.array(z.string()).default([]),
  /** The cluster is a simulation (the dev portal's stand-in API); the entity page says so. */
  simulated: z.boolean().optional(),
});

/**
 * The platform team's policy, read from `synthoRay:` in app-config (see config.d.ts). Every field has a
 * default taken from Syntho's documentation, so an empty section is a working policy.
 *
 * @public
 */
export const synthoRayPolicySchema = z.object({
  chart: z
    .object({
      profile: z.enum(CHART_PROFILES).default('syntho-charts-0.4.2'),
      /** Where GitOps engines fetch the chart: a Git repository URL or a Helm repository URL. */
      repoUrl: z
        .string()
        .default('https://github.com/syntho-ai/syntho-charts.git'),
      /** Path of the chart in a Git repository; empty for a Helm repository. */
      path: z.string().default('helm/ray'),
      /** Chart name in a Helm repository; used when `path` is empty. */
      name: z.string().optional(),
      /** Git revision or chart version. */
      targetRevision: z.string().default('HEAD'),
      /** Path of the CRDs in the chart's Git repository, applied on their own (Argo CD). */
      crdsPath: z.string().default('helm/ray/crds'),
    })
    .prefault({}),
  images: z
    .object({
      registry: z.string().default('syntho.azurecr.io'),
      rayRepository: z.string().default('syntho-ray'),
      operatorRepository: z.string().default('syntho-ray-operator'),
      defaultRayTag: z.string().optional(),
      defaultOperatorTag: z.string().optional(),
      /** Tags requests may use; empty means any tag. */
      allowedRayTags: z.array(z.string()).default([]),
      allowedOperatorTags: z.array(z.string()).default([]),
      /** What a `latest` (or empty) tag gets: a warning, or a refusal. */
      latestTag: z.enum(['warn', 'error']).default('warn'),
      pullPolicy: z
        .enum(['IfNotPresent', 'Always', 'Never'])
        .default('IfNotPresent'),
    })
    .prefault({}),
  pullSecret: z.string().default(DEFAULT_PULL_SECRET),
  license: z
    .object({
      /** The Secret the platform team provides in each target namespace. */
      secretName: z.string().default('syntho-license'),
      secretKey: z.string().default('license_key'),
      /** Vault path for the argocd-vault-plugin placeholder (Argo CD with chart 0.4.2). */
      vaultPath: z.string().default('secret/data/syntho'),
      /** Whether a request may carry the key as plain text; never by default. */
      allowPlainText: z.boolean().default(false),
    })
    .prefault({}),
  storage: z
    .object({
      classes: z
        .array(storageClassPolicySchema)
        .default([{ name: 'default', readWriteMany: true }]),
      defaultClass: z.string().optional(),
    })
    .prefault({}),
  limits: z
    .object({
      maxTotalCpu: quantityText.default('256'),
      maxTotalMemory: quantityText.default('1024G'),
      maxTotalGpu: z.number().int().nonnegative().default(0),
      /** Most worker pods a request may scale to, summed over groups at their maxReplicas. */
      maxWorkers: z.number().int().positive().default(32),
      maxGroups: z.number().int().positive().default(50),
    })
    .prefault({}),
  placement: z
    .object({
      /**
       * Prefixes a pod annotation key must start with, e.g. `example.com/`. Annotations steer
       * admission webhooks, sidecar injection and security profiles, so none is allowed by default.
       */
      allowedAnnotationPrefixes: z.array(z.string().min(1)).default([]),
      /** Taint keys a request may tolerate; none by default, so dedicated nodes stay dedicated. */
      allowedTolerationKeys: z.array(z.string().min(1)).default([]),
      /** Node label keys a request may select nodes by; none by default. */
      allowedNodeSelectorKeys: z.array(z.string().min(1)).default([]),
      /** Whether a request may set a pod affinity; off by default. */
      allowAffinity: z.boolean().default(false),
      /**
       * Whether an allowed pod affinity may name other namespaces (`namespaces`, `namespaceSelector`);
       * off by default, so a request places its pods only by pods of its own namespace.
       */
      allowCrossNamespaceAffinity: z.boolean().default(false),
    })
    .prefault({}),
  /** Clusters requests may target. None by default: the platform team lists each with its namespaces. */
  targets: z.array(targetClusterPolicySchema).default([]),
  gitops: z
    .object({
      engine: z.enum(['argocd', 'flux']).default('argocd'),
      /** The GitOps repository, as a scaffolder repoUrl: `github.com?owner=platform&repo=gitops`. */
      repoUrl: z.string().default('github.com?owner=my-org&repo=gitops'),
      branch: z.string().default('main'),
      /** Folder per cluster; `{cluster}`, `{namespace}` and `{name}` are replaced. */
      pathPattern: z.string().default('clusters/{cluster}/{namespace}/{name}'),
      reviewers: z.array(z.string()).default([]),
      teamReviewers: z.array(z.string()).default([]),
      /**
       * Labels for the pull request. Off by default: the built-in label action throttles GitHub
       * writes to about one a second, which adds a second to every request.
       */
      labels: z.array(z.string()).default([]),
      argocd: z
        .object({
          namespace: z.string().default('argocd'),
          project: z.string().default('default'),
        })
        .prefault({}),
      flux: z
        .object({
          /** The source the chart comes from: a GitRepository or HelmRepository Flux already has. */
          sourceKind: z
            .enum(['GitRepository', 'HelmRepository'])
            .default('GitRepository'),
          sourceName: z.string().default('syntho-charts'),
          sourceNamespace: z.string().default('flux-system'),
        })
        .prefault({}),
    })
    .prefault({}),
});

/**
 * The platform team's policy with every default filled in.
 *
 * @public
 */
export type SynthoRayPolicy = z.infer<typeof synthoRayPolicySchema>;
/**
 * The policy as written in app-config: every field optional.
 *
 * @public
 */
export type SynthoRayPolicyInput = z.input<typeof synthoRayPolicySchema>;

/**
 * Reads the policy from the `synthoRay` config section (or any plain object), filling in defaults.
 *
 * @throws Error naming each invalid key.
 *
 * @public
 */
export function parsePolicy(input: unknown): SynthoRayPolicy {
  const result = synthoRayPolicySchema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `synthoRay.${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid synthoRay config:\n${problems.join('\n')}`);
  }
  return result.data;
}

/**
 * The GitOps folder of one cluster, from the policy's path pattern.
 *
 * @public
 */
export function gitopsPath(
  policy: SynthoRayPolicy,
  target: { cluster: string; namespace: string; name: string },
): string {
  return policy.gitops.pathPattern
    .replace(/\{cluster\}/g, target.cluster)
    .replace(/\{namespace\}/g, target.namespace)
    .replace(/\{name\}/g, target.name);
}
