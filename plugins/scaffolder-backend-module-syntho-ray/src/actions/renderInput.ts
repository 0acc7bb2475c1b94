import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  existingClustersSchema,
  rayClusterRequestSchema,
} from '@syntho-ray/plugin-syntho-ray-common';
import { z } from 'zod';

/** The workspace folder the files are written to unless `targetPath` says otherwise. */
export const DEFAULT_TARGET_PATH = 'gitops';

const { license } = rayClusterRequestSchema.shape;

/**
 * The input of syntho:rayCluster:render: the one request schema the CLI and validateRequest read,
 * strict at every level, less what the action decides itself (the requester is the task's user, and
 * a license key is never accepted here), plus the clusters that exist and where the files go.
 */
export const renderInputSchema = rayClusterRequestSchema
  .omit({ requestedBy: true, license: true })
  .extend({
    license: license
      .unwrap()
      .omit({ plainText: true })
      .optional()
      .describe(
        'Reference to the license Secret; the key itself is never accepted here',
      ),
    existingClusters: existingClustersSchema
      .optional()
      .describe(
        'Clusters already in the GitOps repository (output of syntho:rayCluster:listClusters)',
      ),
    targetPath: z
      .string()
      .max(1024)
      .optional()
      .describe(
        `Workspace folder to write the files into (default: ${DEFAULT_TARGET_PATH})`,
      ),
  });

/** The input of syntho:rayCluster:render as a template writes it. */
export type RenderInput = z.input<typeof renderInputSchema>;

/**
 * A zod (v4) schema as the JSON Schema the scaffolder checks a step's input or output against.
 * `createTemplateAction` takes only schemas written against its own zod (v3), so the actions built
 * on the shared request schema set this after creating the action.
 */
export function actionJsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { target: 'draft-7', io }) as NonNullable<
    TemplateAction['schema']
  >['input'];
}

/**
 * {@link renderInputSchema} as the JSON Schema the scaffolder checks a step's input against: every
 * field with its type and description, and no field besides them at any level. (The scaffolder's
 * message for an unknown field names it and where it is; the handler also names the nearest known
 * field.)
 */
export const renderInputJsonSchema = actionJsonSchema(
  renderInputSchema,
  'input',
);
