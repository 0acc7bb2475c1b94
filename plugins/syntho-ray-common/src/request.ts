import { z } from 'zod';
import { CHART_PROFILES } from './profiles';

const quantity = z
  .union([z.string(), z.number()])
  .transform(String)
  .describe('A Kubernetes quantity, e.g. 16, 500m, 64G or 8Gi');

const keyValues = z.record(z.string(), z.string());

/**
 * A Kubernetes toleration, as in a pod spec.
 *
 * @public
 */
export const tolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

/**
 * An environment variable for the Ray container (plain values only; secrets go through envFrom).
 *
 * @public
 */
export const envVarSchema = z.object({
  name: z.string().describe('Variable name'),
  value: z.string().describe('Variable value'),
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
    .optional()
    .describe('nvidia.com/gpu per pod'),
  requests: z
    .object({ cpu: quantity.optional(), memory: quantity.optional() })
    .optional()
    .describe(
      'Requests lower than the limits; by default requests equal limits',
    ),
  nodeSelector: keyValues.optional(),
  tolerations: z.array(tolerationSchema).optional(),
  affinity: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('A pod affinity object'),
  labels: keyValues.optional().describe('Extra pod labels'),
  annotations: keyValues.optional().describe('Extra pod annotations'),
  env: z.array(envVarSchema).optional().describe('Extra environment variables'),
};

/**
 * The Ray head.
 *
 * @public
 */
export const headSchema = z.object(nodeFields);

/**
 * A worker group.
 *
 * @public
 */
export const workerGroupSchema = z.object({
  name: z.string().describe('Group name, e.g. workergroup'),
  replicas: z.number().int().nonnegative().describe('Workers at start'),
  minReplicas: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe('Fewest workers (autoscaling)'),
  maxReplicas: z
    .number()
    .int()
    .nonnegative()
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
  .object({
    name: z.string().describe('Volume name'),
    mountPath: z.string().describe('Where it is mounted in the Ray containers'),
    readOnly: z.boolean().optional(),
    persistentVolumeClaim: z
      .string()
      .optional()
      .describe('Claim name, for a PVC'),
    configMap: z.string().optional().describe('ConfigMap name'),
    secret: z.string().optional().describe('Secret name'),
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
export const rayClusterRequestSchema = z.object({
  name: z
    .string()
    .describe('Cluster name (the RayCluster and its head Service prefix)'),
  namespace: z.string().describe('Kubernetes namespace'),
  preset: z
    .enum(PRESETS)
    .describe(
      'development: head only; production: head plus one worker group; custom: your own groups',
    ),
  targetCluster: z
    .string()
    .optional()
    .describe("Kubernetes cluster, as named in the platform's policy"),
  owner: z.string().optional().describe('Owning user or group entity ref'),
  requestedBy: z
    .string()
    .optional()
    .describe('User entity ref of the requester'),
  description: z.string().optional(),
  chartProfile: z
    .enum(CHART_PROFILES)
    .optional()
    .describe('Chart to render for'),
  images: z
    .object({
      rayTag: z.string().optional(),
      operatorTag: z.string().optional(),
      pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional(),
    })
    .optional(),
  pullSecret: z
    .string()
    .optional()
    .describe('Image pull secret in the namespace'),
  license: z
    .object({
      secretName: z
        .string()
        .optional()
        .describe('Secret holding the Syntho license'),
      secretKey: z
        .string()
        .optional()
        .describe('Key of the license in that Secret'),
      plainText: z
        .string()
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
    .optional()
    .describe('Worker groups; replaces the preset groups'),
  extraWorkerGroups: z
    .array(workerGroupSchema)
    .optional()
    .describe("Worker groups added to the preset's (or workerGroups') groups"),
  storageClass: z
    .string()
    .optional()
    .describe('ReadWriteMany storage class for the shared volume'),
  volumes: z.array(extraVolumeSchema).optional(),
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
