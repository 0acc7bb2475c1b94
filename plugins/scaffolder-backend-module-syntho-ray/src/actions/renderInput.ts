import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  Problem,
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
    existingClusters: z
      .array(
        // Read from catalog annotations anyone may write, and only compared, never rendered: no
        // length limit, so that one odd entity cannot stop every request.
        z.strictObject({
          targetCluster: z.string().describe('Kubernetes cluster'),
          namespace: z.string().describe('Namespace'),
          name: z.string().describe('Ray cluster name'),
        }),
      )
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
 * {@link renderInputSchema} as the JSON Schema the scaffolder checks a step's input against: every
 * field with its type and description, and no field besides them at any level. (The scaffolder's
 * message for an unknown field names it and where it is; the handler, called directly, also names
 * the nearest known field.)
 */
export const renderInputJsonSchema = z.toJSONSchema(renderInputSchema, {
  target: 'draft-7',
  io: 'input',
}) as NonNullable<TemplateAction['schema']>['input'];

/**
 * Refusals for the fields a request may have but this action decides itself: the requester is the
 * task's user, and a license key is never accepted (it would be written to Git).
 */
export function actionOwnedFieldProblems(input: {
  requestedBy?: unknown;
  license?: unknown;
}): Problem[] {
  const problems: Problem[] = [];
  if (input.requestedBy !== undefined) {
    problems.push({
      severity: 'error',
      path: 'requestedBy',
      message:
        'The requester is the user who runs the task; a template cannot set it.',
      fix: 'Remove requestedBy.',
    });
  }
  if (
    input.license &&
    typeof input.license === 'object' &&
    'plainText' in input.license
  ) {
    problems.push({
      severity: 'error',
      path: 'license.plainText',
      message:
        'This action never takes the license key: it would be written to Git.',
      fix: 'Remove license.plainText and name the Secret that holds the key (license.secretName, license.secretKey).',
    });
  }
  return problems;
}
