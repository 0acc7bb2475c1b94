import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CHART_PROFILES,
  countOf,
  formatProblems,
  PRESETS,
  renderRequest,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { examples } from './render.examples';
import { gitopsRepository } from './gitopsRepository';
import { existingClusterSchema } from './listClusters';

/**
 * Options for {@link createRenderAction}.
 *
 * @public
 */
export interface RenderActionOptions {
  /** The platform team's policy (`synthoRay` in app-config). */
  policy: SynthoRayPolicy;
  /** The SCM integrations, which tell whether the GitOps repository is on GitHub or GitLab. */
  integrations: ScmIntegrationRegistry;
}

/** The workspace folder the files are written to unless `targetPath` says otherwise. */
export const DEFAULT_TARGET_PATH = 'gitops';

/**
 * `syntho:rayCluster:render`: validates a Syntho Ray cluster request against the chart and the policy,
 * then writes values.yaml, the GitOps engine's files and catalog-info.yaml into the workspace, and
 * outputs what the pull request and catalog steps need.
 *
 * @public
 */
export function createRenderAction(options: RenderActionOptions) {
  const { policy, integrations } = options;
  return createTemplateAction({
    id: 'syntho:rayCluster:render',
    description:
      'Validates a Syntho Ray cluster request against the Helm chart and the platform policy, and writes the files of its GitOps pull request into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Cluster name: the RayCluster, the Helm release and the head Service prefix',
            ),
        namespace: z =>
          z.string().describe('Kubernetes namespace of the cluster'),
        preset: z =>
          z
            .enum(PRESETS)
            .describe(
              'development (head only), production (head and one worker group) or custom',
            ),
        targetCluster: z =>
          z
            .string()
            .optional()
            .describe(
              'Kubernetes cluster, one of synthoRay.targets (default: the first)',
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe('Entity ref of the owning group or user'),
        description: z =>
          z.string().optional().describe('What the cluster is for'),
        chartProfile: z =>
          z
            .enum(CHART_PROFILES)
            .optional()
            .describe('Chart to render for (default: synthoRay.chart.profile)'),
        images: z =>
          z
            .object({
              rayTag: z.string().optional().describe('Tag of the Ray image'),
              operatorTag: z
                .string()
                .optional()
                .describe('Tag of the operator image'),
              pullPolicy: z
                .enum(['IfNotPresent', 'Always', 'Never'])
                .optional()
                .describe('Image pull policy'),
            })
            .strict()
            .optional()
            .describe('Image tags; default from synthoRay.images'),
        pullSecret: z =>
          z.string().optional().describe('Image pull Secret in the namespace'),
        license: z =>
          z
            .object({
              secretName: z
                .string()
                .optional()
                .describe('Secret holding the Syntho license key'),
              secretKey: z
                .string()
                .optional()
                .describe('Key of the license in that Secret'),
            })
            .strict()
            .optional()
            .describe(
              'Reference to the license Secret; the key itself is never accepted here',
            ),
        head: z =>
          z
            .record(z.unknown())
            .optional()
            .describe(
              'Head size and placement (cpu, memory, requests, nodeSelector…)',
            ),
        workerGroups: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe(
              'Worker groups (name, replicas, minReplicas, maxReplicas, cpu, memory…)',
            ),
        extraWorkerGroups: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe("Worker groups added to the preset's groups"),
        storageClass: z =>
          z
            .string()
            .optional()
            .describe('ReadWriteMany storage class for the shared volume'),
        volumes: z =>
          z
            .array(z.record(z.unknown()))
            .optional()
            .describe('Extra volumes (name, mountPath and one source)'),
        openshift: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Whether the target runs OpenShift (default: from the target)',
            ),
        existingClusters: z =>
          z
            .array(existingClusterSchema(z))
            .optional()
            .describe(
              'Clusters already in the GitOps repository (output of syntho:rayCluster:listClusters)',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              `Workspace folder to write the files into (default: ${DEFAULT_TARGET_PATH})`,
            ),
      },
      output: {
        files: z =>
          z.array(z.string()).describe('Files written, relative to targetPath'),
        targetPath: z =>
          z.string().describe('Workspace folder holding the files'),
        folder: z =>
          z.string().describe("The cluster's folder in the GitOps repository"),
        valuesPath: z =>
          z.string().describe('values.yaml in the GitOps repository'),
        rayAddress: z =>
          z.string().describe("Ray address for Syntho's Core API"),
        entityRef: z => z.string().describe("The cluster's catalog entity"),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              'catalog-info.yaml on the target branch, for catalog:register',
            ),
        repoUrl: z =>
          z.string().describe('The GitOps repository, as a scaffolder repoUrl'),
        scm: z =>
          z
            .enum(['github', 'gitlab'])
            .describe('Which publish action fits the GitOps repository'),
        branchName: z =>
          z
            .string()
            .describe(
              'Branch of this cluster; re-running a request updates its pull request',
            ),
        targetBranch: z =>
          z.string().describe('Branch the pull request targets'),
        title: z => z.string().describe('Pull request title'),
        body: z => z.string().describe('Pull request description'),
        reviewers: z =>
          z.array(z.string()).describe('Reviewers from the policy'),
        teamReviewers: z =>
          z.array(z.string()).describe('Team reviewers from the policy'),
        labels: z => z.array(z.string()).describe('Labels from the policy'),
        warnings: z =>
          z.array(z.string()).describe('Policy warnings, one line each'),
      },
    },
    async handler(ctx) {
      const {
        existingClusters,
        targetPath = DEFAULT_TARGET_PATH,
        ...request
      } = ctx.input;
      const validation = validateRequest(
        { ...request, requestedBy: ctx.user?.ref },
        { policy, existingClusters },
      );
      for (const warning of validation.warnings) {
        ctx.logger.warn(formatProblems([warning]));
      }
      if (!validation.resolved) {
        throw new InputError(
          `The Ray cluster request has ${countOf(
            validation.errors.length,
            'problem',
          )}:\n${formatProblems(validation.errors)}`,
        );
      }
      const rendered = renderRequest(
        validation.resolved,
        policy,
        validation.warnings,
      );
      const outputDir = resolveSafeChildPath(ctx.workspacePath, targetPath);
      // A re-run in the same workspace must not keep files of an earlier render.
      await rm(outputDir, { recursive: true, force: true });
      for (const file of rendered.files) {
        const path = resolveSafeChildPath(outputDir, file.path);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      }
      ctx.logger.info(
        `Rendered ${rendered.files.length} files for ${rendered.folder} (Ray address ${rendered.rayAddress})`,
      );

      const repository = gitopsRepository(policy, integrations);
      const { resolved } = validation;
      ctx.output(
        'files',
        rendered.files.map(file => file.path),
      );
      ctx.output('targetPath', targetPath);
      ctx.output('folder', rendered.folder);
      ctx.output('valuesPath', rendered.valuesPath);
      ctx.output('rayAddress', rendered.rayAddress);
      ctx.output('entityRef', rendered.entityRef);
      ctx.output(
        'catalogInfoUrl',
        repository.fileUrl(rendered.catalogInfoPath),
      );
      ctx.output('repoUrl', policy.gitops.repoUrl);
      ctx.output('scm', repository.scm);
      ctx.output(
        'branchName',
        `syntho-ray/${resolved.targetCluster}/${resolved.namespace}/${resolved.name}`,
      );
      ctx.output('targetBranch', policy.gitops.branch);
      ctx.output('title', rendered.pullRequest.title);
      ctx.output('body', rendered.pullRequest.body);
      ctx.output('reviewers', policy.gitops.reviewers);
      ctx.output('teamReviewers', policy.gitops.teamReviewers);
      ctx.output('labels', policy.gitops.labels);
      ctx.output(
        'warnings',
        validation.warnings.map(w => formatProblems([w])),
      );
    },
  });
}
