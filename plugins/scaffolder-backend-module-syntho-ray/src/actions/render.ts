import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  countOf,
  formatProblems,
  Problem,
  problemsFromIssues,
  renderRequest,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { examples } from './render.examples';
import { gitopsRepository } from './gitopsRepository';
import {
  DEFAULT_TARGET_PATH,
  RenderInput,
  renderInputJsonSchema,
  renderInputSchema,
} from './renderInput';

export { DEFAULT_TARGET_PATH } from './renderInput';

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

function refusal(errors: Problem[]) {
  return new InputError(
    `The Ray cluster request has ${countOf(
      errors.length,
      'problem',
    )}:\n${formatProblems(errors)}`,
  );
}

/**
 * `syntho:rayCluster:render`: validates a Syntho Ray cluster request against the chart and the policy,
 * then writes values.yaml, the GitOps engine's files and catalog-info.yaml into the workspace, and
 * outputs what the pull request and catalog steps need.
 *
 * @public
 */
export function createRenderAction(options: RenderActionOptions) {
  const { policy, integrations } = options;
  const action = createTemplateAction({
    id: 'syntho:rayCluster:render',
    description:
      'Validates a Syntho Ray cluster request against the Helm chart and the platform policy, and writes the files of its GitOps pull request into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      // Replaced below by the JSON Schema of the one request schema, strict at every level.
      input: z => z.object({}).passthrough(),
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
      // Called directly (as tests and other actions do), the handler gets unchecked input.
      const parsed = renderInputSchema.safeParse(ctx.input);
      if (!parsed.success) {
        throw refusal(
          problemsFromIssues(renderInputSchema, parsed.error.issues),
        );
      }
      const { existingClusters, targetPath = DEFAULT_TARGET_PATH } =
        parsed.data;
      const {
        existingClusters: _existing,
        targetPath: _target,
        ...request
      } = ctx.input as RenderInput;
      const validation = validateRequest(
        { ...request, requestedBy: ctx.user?.ref },
        { policy, existingClusters },
      );
      for (const warning of validation.warnings) {
        ctx.logger.warn(formatProblems([warning]));
      }
      if (!validation.resolved) throw refusal(validation.errors);
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
      ctx.output('branchName', repository.branchName(resolved));
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
  return {
    ...action,
    schema: { ...action.schema, input: renderInputJsonSchema },
  };
}
