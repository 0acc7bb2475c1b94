import { Config } from '@backstage/config';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  assertClusterBranch,
  clusterBranchInput,
  parseGitOpsRepoUrl,
} from './gitopsRepository';
import { githubPublisher } from './publishToGitHub';
import { gitlabPublisher } from './publishToGitLab';

/**
 * What `syntho:rayCluster:publish` is built with.
 *
 * @public
 */
export interface PublishActionOptions {
  integrations: ScmIntegrationRegistry;
  /**
   * The app-config: the built-in publish actions read `scaffolder.defaultAuthor`,
   * `scaffolder.defaultCommitMessage` and `scaffolder.requireScmUserCredentials` from it, as they do
   * when the GitHub and GitLab modules register them.
   */
  config: Config;
  /** Give up on one of this action's own GitHub or GitLab calls after this long. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * `syntho:rayCluster:publish`: opens the cluster's pull request (GitHub) or merge request (GitLab),
 * or brings the open one up to date, as one step, so the task page lists no step of the other host.
 * The pull or merge request itself is opened by Backstage's built-in actions, run inside this step:
 *
 * - GitHub: a check that nobody else pushed to the cluster's branch (the built-in action
 *   force-pushes it), `publish:github:pull-request` with `update: true` (a re-run updates the open
 *   pull request), then `syntho:rayCluster:checkReviewers` when reviewers are set (GitHub refuses them all
 *   for one it cannot add, which the built-in action only logs), then `github:issues:label` when
 *   labels are set, and a read-back of the labels (that action, too, only logs GitHub's refusal).
 * - GitLab: `syntho:rayCluster:findMergeRequest`; with an open merge request, `gitlab:repo:push` to
 *   its branch and `syntho:rayCluster:updateMergeRequest`; without one,
 *   `syntho:rayCluster:deleteStaleBranch` (the branch of a closed merge request) and
 *   `publish:gitlab:merge-request` with `removeSourceBranch: true`. A run of the step again in the
 *   same task (task recovery after a crash) that finds the branch the first run pushed, at the
 *   commit that action recorded in its checkpoint and without a merge request, opens the merge
 *   request from it instead of refusing it.
 *
 * GitHub or GitLab is the type of the `integrations:` entry of the repository's host, as
 * `syntho:rayCluster:checkGitOpsAccess` decides it. The action calls the Git host in every run, so a
 * template runs it only when `checkGitOpsAccess` outputs a `publishTo` (never in a dry run).
 *
 * @public
 */
export function createPublishAction(options: PublishActionOptions) {
  const { integrations, config, requestTimeoutMs } = options;
  const requireScmUserCredentials =
    config.getOptionalBoolean('scaffolder.requireScmUserCredentials') ?? false;
  const publishToGitHub = githubPublisher({
    integrations,
    config,
    requireScmUserCredentials,
    requestTimeoutMs,
  });
  const publishToGitLab = gitlabPublisher({
    integrations,
    requireScmUserCredentials,
    requestTimeoutMs,
  });

  return createTemplateAction({
    id: 'syntho:rayCluster:publish',
    description:
      "Opens the cluster's GitHub pull request or GitLab merge request, or updates the open one, with the built-in publish actions; asks its reviewers and sets its labels. Outputs its URL, its number and a warning about reviewers or labels GitHub did not add.",
    examples: [
      {
        description:
          'Publish what the render step wrote, once checkGitOpsAccess said where',
        example: stringify({
          steps: [
            {
              id: 'publish',
              name: 'Open or update the pull or merge request',
              if: "${{ steps['gitops-access'].output.publishTo }}",
              action: 'syntho:rayCluster:publish',
              input: {
                repoUrl: 'github.com?owner=acme&repo=gitops',
                branchName: 'syntho-ray/aks/syntho/ray-cluster',
                targetBranchName: 'main',
                title: 'Ray cluster ray-cluster in syntho on aks',
                description: 'Requested by user:default/jane …',
                sourcePath: 'gitops',
                targetPath: 'clusters/aks/syntho/ray-cluster',
                reviewers: ['alice'],
                teamReviewers: ['platform-team'],
                labels: ['syntho-ray'],
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The GitOps repository, as the publish actions take it: github.com?owner=acme&repo=gitops',
            ),
        branchName: z =>
          clusterBranchInput(z, 'The branch of the pull or merge request'),
        targetBranchName: z =>
          z
            .string()
            .optional()
            .describe(
              "The branch it merges into; the repository's default branch when absent",
            ),
        title: z => z.string().describe('Its title, and the commit message'),
        description: z => z.string().describe('Its description (Markdown)'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'The workspace folder whose files are published; the workspace when absent',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe('The repository folder the files go to'),
        reviewers: z =>
          z
            .array(z.string())
            .optional()
            .describe('GitHub logins, or GitLab usernames, to ask for review'),
        teamReviewers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'GitHub team slugs to ask for review; GitLab has no counterpart (use approval rules)',
            ),
        labels: z =>
          z.array(z.string()).optional().describe('Labels to set on it'),
      },
      output: {
        url: z =>
          z.string().describe('The pull or merge request, to review it'),
        number: z =>
          z
            .number()
            .optional()
            .describe(
              "Its number: the pull request's, or the merge request's iid",
            ),
        warning: z =>
          z
            .string()
            .describe(
              'Reviewers or labels GitHub did not add and what to do (Markdown), or empty',
            ),
      },
    },
    async handler(ctx) {
      assertClusterBranch(ctx.input.branchName);
      // Refuses a host without an integrations entry, or of a type other than GitHub or GitLab.
      const { host, scm } = parseGitOpsRepoUrl(ctx.input.repoUrl, integrations);
      const published = await (scm === 'gitlab'
        ? publishToGitLab(ctx)
        : publishToGitHub(ctx, host));
      ctx.output('url', published.url);
      if (published.number !== undefined)
        ctx.output('number', published.number);
      ctx.output('warning', published.warning);
    },
  });
}
