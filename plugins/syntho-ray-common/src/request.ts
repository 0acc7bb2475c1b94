import { z } from 'zod';
import { hasControlCharacters } from './names';
import { CHART_PROFILES } from './profiles';

/** A qualified key is `prefix/name`: a DNS subdomain of at most 253 characters, then 63. */
const MAX_QUALIFIED_KEY_LENGTH = 253 + 1 + 63;

/**
 * Text of at most `maxLength` characters without control characters or line breaks (`multiline`
 * allows tabs and newlines). Every string of a request is one: the bounds are checked here, the
 * grammar of the Kubernetes field it ends in by {@link validateRequest}.
 */
function text(maxLength: number, options: { multiline?: boolean } = {}) {
  return z
    .string()
    .max(maxLength, {
      message: `Longer than ${maxLength} characters; shorten it`,
    })
    .refine(value => !hasControlCharacters(value, options.multiline), {
      message: options.multiline
        ? 'Contains a control character; remove it'
        : 'Contains a control character or a line break; write it on one line',
    });
}

/** At most `max` entries; a map has no `.max()` of its own. */
function boundedMap<T extends z.ZodType>(value: T, max: number) {
  return z
    .record(text(MAX_QUALIFIED_KEY_LENGTH), value)
    .refine(map => Object.keys(map).length <= max, {
      message: `More than ${max} entries; remove some`,
    });
}

/**
 * Kubernetes' limit on the annotations of one object, keys and values together, in bytes.
 *
 * @public
 */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** A bound on the work one request can cause; the policy's `limits.maxGroups` is the real limit. */
const MAX_WORKER_GROUPS = 1000;
/** The largest replica count Kubernetes stores (int32). */
const MAX_INT32 = 2147483647;

const quantity = z
  .union([text(64), z.number().nonnegative().finite()])
  .transform(String)
  .describe('A Kubernetes quantity, e.g. 16, 500m, 64G or 8Gi');

const labelMap = boundedMap(text(63), 64);

/**
 * A Kubernetes toleration, as in a pod spec.
 *
 * @public
 */
export const tolerationSchema = z.strictObject({
  key: text(MAX_QUALIFIED_KEY_LENGTH).optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: text(63).optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().nonnegative().max(MAX_INT32).optional(),
});

/**
 * An environment variable for the Ray container (plain values only; secrets go through envFrom).
 *
 * @public
 */
export const envVarSchema = z.strictObject({
  name: text(256).describe('Variable name'),
  value: text(32768, { multiline: true }).describe('Variable value'),
});

const selectorRequirement = z.strictObject({
  key: text(MAX_QUALIFIED_KEY_LENGTH),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(text(63)).max(64).optional(),
});
const nodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(selectorRequirement).max(32).optional(),
  matchFields: z.array(selectorRequirement).max(32).optional(),
});
const labelSelector = z.strictObject({
  matchLabels: labelMap.optional(),
  matchExpressions: z.array(selectorRequirement).max(32).optional(),
});
const podAffinityTerm = z.strictObject({
  labelSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  namespaces: z.array(text(63)).max(64).optional(),
  topologyKey: text(MAX_QUALIFIED_KEY_LENGTH),
  matchLabelKeys: z.array(text(MAX_QUALIFIED_KEY_LENGTH)).max(32).optional(),
  mismatchLabelKeys: z.array(text(MAX_QUALIFIED_KEY_LENGTH)).max(32).optional(),
});
const weight = z.number().int().min(1).max(100);
const podAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z
    .array(podAffinityTerm)
    .max(32)
    .optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.strictObject({ weight, podAffinityTerm }))
    .max(32)
    .optional(),
});

/** A pod affinity, as in a pod spec; only allowed when the policy's `placement.allowAffinity` is on. */
const affinitySchema = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .strictObject({
          nodeSelectorTerms: z.array(nodeSelectorTerm).max(32),
        })
        .optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.strictObject({ weight, preference: nodeSelectorTerm }))
        .max(32)
        .optional(),
    })
    .optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

/** Size and placement shared by the head and the worker groups. */
const nodeFields = {
  cpu: quantity.describe('CPU limit (and request unless requests.cpu is set)'),
  memory: quantity.describe(
    'Memory limit (and request unless requests.memory is set)',
  ),
  gpu: z
    .number()
    .int()
    .nonnegative()
    .max(1024)
    .optional()
    .describe('nvidia.com/gpu per pod'),
  requests: z
    .strictObject({ cpu: quantity.optional(), memory: quantity.optional() })
    .optional()
    .describe(
      'Requests lower than the limits; by default requests equal limits',
    ),
  nodeSelector: labelMap
    .optional()
    .describe('Node labels the pods must run on (keys the policy allows)'),
  tolerations: z
    .array(tolerationSchema)
    .max(16)
    .optional()
    .describe('Taints the pods tolerate (keys the policy allows)'),
  affinity: affinitySchema
    .optional()
    .describe('A pod affinity object (if the policy allows it)'),
  labels: labelMap.optional().describe('Extra pod labels'),
  annotations: boundedMap(text(MAX_ANNOTATIONS_BYTES, { multiline: true }), 64)
    .optional()
    .describe('Extra pod annotations (prefixes the policy allows)'),
  env: z
    .array(envVarSchema)
    .max(100)
    .optional()
    .describe('Extra environment variables'),
};

/**
 * The Ray head.
 *
 * @public
 */
export const headSchema = z.strictObject(nodeFields);

/**
 * A worker group.
 *
 * @public
 */
export const workerGroupSchema = z.strictObject({
  name: text(63).describe('Group name, e.g. workergroup'),
  replicas: z
    .number()
    .int()
    .nonnegative()
    .max(MAX_INT32)
    .describe('Workers at start'),
  minReplicas: z
    .number()
    .int()
    .nonnegative()
    .max(MAX_INT32)
    .optional()
    .describe('Fewest workers (autoscaling)'),
  maxReplicas: z
    .number()
    .int()
    .nonnegative()
    .max(MAX_INT32)
    .optional()
    .describe('Most workers (autoscaling)'),
  ...nodeFields,
});

/**
 * An extra volume mounted into every Ray pod.
 *
 * @public
 */
export const extraVolumeSchema = z
  .strictObject({
    name: text(63).describe('Volume name'),
    mountPath: text(1024).describe('Where it is mounted in the Ray containers'),
    readOnly: z.boolean().optional(),
    persistentVolumeClaim: text(253)
      .optional()
      .describe('Claim name, for a PVC'),
    configMap: text(253).optional().describe('ConfigMap name'),
    secret: text(253).optional().describe('Secret name'),
    emptyDir: z.boolean().optional().describe('A scratch emptyDir'),
  })
  .describe(
    'Exactly one of persistentVolumeClaim, configMap, secret or emptyDir',
  );

/**
 * Size presets from Syntho's documentation.
 *
 * @public
 */
export const PRESETS = ['development', 'production', 'custom'] as const;
/**
 * A preset id.
 *
 * @public
 */
export type PresetId = (typeof PRESETS)[number];

/**
 * A request for a Syntho Ray cluster, as a requester writes it. Only `name`, `namespace` and `preset`
 * are needed; everything else comes from the preset and the platform policy.
 *
 * @public
 */
export const rayClusterRequestSchema = z.strictObject({
  name: text(63).describe(
    'Cluster name (the RayCluster and its head Service prefix)',
  ),
  namespace: text(63).describe('Kubernetes namespace'),
  preset: z
    .enum(PRESETS)
    .describe(
      'development: head only; production: head plus one worker group; custom: your own groups',
    ),
  targetCluster: text(253)
    .optional()
    .describe("Kubernetes cluster, as named in the platform's policy"),
  owner: text(255).optional().describe('Owning user or group entity ref'),
  requestedBy: text(255)
    .optional()
    .describe('User entity ref of the requester'),
  description: text(2000, { multiline: true })
    .optional()
    .describe('What the cluster is for'),
  chartProfile: z
    .enum(CHART_PROFILES)
    .optional()
    .describe('Chart to render for'),
  images: z
    .strictObject({
      rayTag: text(135)
        .optional()
        .describe('Tag of the Ray image, or a sha256: digest'),
      operatorTag: text(135)
        .optional()
        .describe('Tag of the operator image, or a sha256: digest'),
      pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional(),
    })
    .optional(),
  pullSecret: text(253)
    .optional()
    .describe('Image pull secret in the namespace'),
  license: z
    .strictObject({
      secretName: text(253)
        .optional()
        .describe('Secret holding the Syntho license'),
      secretKey: text(253)
        .optional()
        .describe('Key of the license in that Secret'),
      plainText: text(16384)
        .optional()
        .describe('The key itself; refused unless the policy allows it'),
    })
    .optional(),
  head: headSchema
    .partial()
    .optional()
    .describe('Overrides of the preset head'),
  workerGroups: z
    .array(workerGroupSchema)
    .max(MAX_WORKER_GROUPS)
    .optional()
    .describe('Worker groups; replaces the preset groups'),
  extraWorkerGroups: z
    .array(workerGroupSchema)
    .max(MAX_WORKER_GROUPS)
    .optional()
    .describe("Worker groups added to the preset's (or workerGroups') groups"),
  storageClass: text(253)
    .optional()
    .describe('ReadWriteMany storage class for the shared volume'),
  volumes: z.array(extraVolumeSchema).max(32).optional(),
  openshift: z
    .boolean()
    .optional()
    .describe('Whether the target runs OpenShift (CRI-O)'),
});

/**
 * A request as written.
 *
 * @public
 */
export type RayClusterRequest = z.input<typeof rayClusterRequestSchema>;
/**
 * A request after parsing (quantities as strings).
 *
 * @public
 */
export type ParsedRayClusterRequest = z.output<typeof rayClusterRequestSchema>;
/**
 * The head after the preset and the request are merged.
 *
 * @public
 */
export type HeadSpec = z.output<typeof headSchema>;
/**
 * A worker group after parsing.
 *
 * @public
 */
export type WorkerGroupSpec = z.output<typeof workerGroupSchema>;
/**
 * An extra volume.
 *
 * @public
 */
export type ExtraVolume = z.output<typeof extraVolumeSchema>;

const seedNode = { cpu: '16', memory: '64G' };

/**
 * The presets of Syntho's "Deploy Ray using Helm": development is a head of 16 CPU / 64G with no
 * workers; production adds the worker group `workergroup`, one worker of 16 CPU / 64G.
 *
 * @public
 */
export const presets: Record<
  Exclude<PresetId, 'custom'>,
  { head: HeadSpec; workerGroups: WorkerGroupSpec[] }
> = {
  development: { head: { ...seedNode }, workerGroups: [] },
  production: {
    head: { ...seedNode },
    workerGroups: [
      {
        name: 'workergroup',
        replicas: 1,
        minReplicas: 1,
        maxReplicas: 1,
        ...seedNode,
      },
    ],
  },
};
