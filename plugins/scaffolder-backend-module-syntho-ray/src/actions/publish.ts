import { Config } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  ActionContext,
  createTemplateAction,
  parseRepoUrl,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  createGithubIssuesLabelAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import {
  createGitlabRepoPushAction,
  createPublishGitlabMergeRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { JsonObject, JsonValue } from '@backstage/types';
import { stringify } from 'yaml';
import { createCheckReviewersAction } from './checkReviewers';
import { createDeleteStaleBranchAction } from './deleteStaleBranch';
import { createFindMergeRequestAction } from './findMergeRequest';
import { assertClusterBranch, clusterBranchInput } from './gitlabProject';
import { gitopsScm } from './gitopsRepository';
import { createUpdateMergeRequestAction } from './updateMergeRequest';

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

/** The input of `syntho:rayCluster:publish`, as its schema reads it. */
interface PublishInput extends JsonObject {
  repoUrl: string;
  branchName: string;
  targetBranchName?: string;
  title: string;
  description: string;
  sourcePath?: string;
  targetPath?: string;
  reviewers?: string[];
  teamReviewers?: string[];
  labels?: string[];
}

type PublishContext = ActionContext<PublishInput, JsonObject, 'v2'>;

/** The `repoUrl` key each message names. */
const REPO_URL_KEY = 'synthoRay.gitops.repoUrl';

type InputOf<A> = A extends TemplateAction<infer I, any, 'v2'> ? I : never;
/** What an action output, by name: JSON, as the scaffolder would have stored it. */
type Outputs = Partial<Record<string, JsonValue>>;

/** An output that must be a string (a URL, a warning), or undefined. */
const text = (value: JsonValue | undefined) =>
  typeof value === 'string' ? value : undefined;
/** An output that must be a number (a pull or merge request's), or undefined. */
const count = (value: JsonValue | undefined) =>
  typeof value === 'number' ? value : undefined;

/**
 * Runs another action's handler as a part of this step: same workspace, log, checkpoints (keyed
 * under this step), cancellation and user, its own input, and its outputs collected for the caller.
 */
async function runAction<A extends TemplateAction<any, any, 'v2'>>(
  action: A,
  ctx: PublishContext,
  input: InputOf<A>,
): Promise<Outputs> {
  const output: Outputs = {};
  await action.handler({
    ...ctx,
    input,
    output(name: string, value: JsonValue) {
      output[name] = value;
    },
  });
  return output;
}

/** The number GitLab gives a merge request in its project, from its web URL (…/-/merge_requests/7). */
function mergeRequestIidOf(url: string | undefined) {
  const match = /\/merge_requests\/([1-9][0-9]*)\/?$/.exec(url ?? '');
  return match ? Number(match[1]) : undefined;
}

const list = (names: string[]) => names.join(', ');

/**
 * `syntho:rayCluster:publish`: opens the cluster's pull request (GitHub) or merge request (GitLab),
 * or brings the open one up to date, as one step, so the task page lists no step of the other host.
 * The pull or merge request itself is opened by Backstage's built-in actions, run inside this step:
 *
 * - GitHub: `publish:github:pull-request` with `update: true` (a re-run updates the open pull
 *   request), then `syntho:rayCluster:checkReviewers` when reviewers are set (GitHub refuses them all
 *   for one it cannot add, which the built-in action only logs), then `github:issues:label` when
 *   labels are set.
 * - GitLab: `syntho:rayCluster:findMergeRequest`; with an open merge request, `gitlab:repo:push` to
 *   its branch and `syntho:rayCluster:updateMergeRequest`; without one,
 *   `syntho:rayCluster:deleteStaleBranch` (the branch of a closed merge request) and
 *   `publish:gitlab:merge-request` with `removeSourceBranch: true`.
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
  const githubCredentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const own = { integrations, requestTimeoutMs };
  const github = {
    pullRequest: createPublishGithubPullRequestAction({
      integrations,
      githubCredentialsProvider,
      config,
      requireScmUserCredentials,
    }),
    label: createGithubIssuesLabelAction({
      integrations,
      githubCredentialsProvider,
      requireScmUserCredentials,
    }),
    checkReviewers: createCheckReviewersAction(own),
  };
  const gitlab = {
    find: createFindMergeRequestAction(own),
    push: createGitlabRepoPushAction({
      integrations,
      requireScmUserCredentials,
    }),
    update: createUpdateMergeRequestAction(own),
    deleteStaleBranch: createDeleteStaleBranchAction(own),
    mergeRequest: createPublishGitlabMergeRequestAction({
      integrations,
      requireScmUserCredentials,
    }),
  };

  return createTemplateAction({
    id: 'syntho:rayCluster:publish',
    description:
      "Opens the cluster's GitHub pull request or GitLab merge request, or updates the open one, with the built-in publish actions; asks its reviewers and sets its labels. Outputs its URL, its number and a warning about reviewers GitHub did not add.",
    examples: [
      {
        description:
          'Publish what the render step wrote, once checkGitOpsAccess said where',
        example: stringify({
          steps: [
            {
              id: 'publish',
              name: 'Open the pull request',
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
              'Reviewers GitHub did not add and what to do (Markdown), or empty',
            ),
      },
    },
    async handler(ctx) {
      const { repoUrl, branchName } = ctx.input;
      assertClusterBranch(branchName);
      let host: string;
      try {
        ({ host } = parseRepoUrl(repoUrl, integrations));
      } catch (error) {
        throw new InputError(
          `repoUrl: ${JSON.stringify(
            repoUrl.slice(0, 120),
          )} names no host with an integrations.github or integrations.gitlab entry, or is not host?owner=<owner>&repo=<repository>: fix ${REPO_URL_KEY}, or add the integrations entry for its host.`,
        );
      }
      const type = integrations.byHost(host)?.type;
      if (type !== 'github' && type !== 'gitlab')
        throw new InputError(
          `repoUrl: ${host} is an integrations.${type} entry; this template publishes to GitHub or GitLab only: point ${REPO_URL_KEY} at a repository on a host with an integrations.github or integrations.gitlab entry.`,
        );
      const published = await (gitopsScm(host, integrations) === 'gitlab'
        ? publishToGitLab(ctx)
        : publishToGitHub(ctx, host));
      ctx.output('url', published.url);
      if (published.number !== undefined)
        ctx.output('number', published.number);
      ctx.output('warning', published.warning);
    },
  });

  async function publishToGitHub(ctx: PublishContext, host: string) {
    const { repoUrl, title, description, labels = [] } = ctx.input;
    const { reviewers, teamReviewers } = ctx.input;
    const opened = await runAction(github.pullRequest, ctx, {
      repoUrl,
      branchName: ctx.input.branchName,
      ...(ctx.input.targetBranchName && {
        targetBranchName: ctx.input.targetBranchName,
      }),
      title,
      description,
      commitMessage: title,
      ...(ctx.input.sourcePath && { sourcePath: ctx.input.sourcePath }),
      ...(ctx.input.targetPath && { targetPath: ctx.input.targetPath }),
      ...(reviewers && { reviewers }),
      ...(teamReviewers && { teamReviewers }),
      // The branch is the cluster's: a re-run pushes to the open pull request instead of failing.
      update: true,
    }).catch(error => {
      if (error instanceof InputError) throw error;
      throw new InputError(
        `GitHub (${host}) did not open or update the pull request from ${
          ctx.input.branchName
        } (${
          isError(error) ? error.message : String(error)
        }): check that the token of the integrations.github entry with host ${host} may push to the repository of ${REPO_URL_KEY} and open pull requests in it, and that synthoRay.gitops.branch names a branch there.`,
      );
    });
    const url = text(opened.remoteUrl);
    const number = count(opened.pullRequestNumber);
    if (!url || !number)
      throw new InputError(
        `GitHub (${host}) answered without the pull request from ${ctx.input.branchName}: check ${REPO_URL_KEY} and the integrations.github entry with host ${host}.`,
      );
    ctx.logger.info(`Opened or updated pull request #${number}: ${url}`);

    let warning = '';
    if ((reviewers?.length ?? 0) > 0 || (teamReviewers?.length ?? 0) > 0) {
      const checked = await runAction(github.checkReviewers, ctx, {
        repoUrl,
        pullRequestNumber: number,
        reviewers: reviewers ?? [],
        teamReviewers: teamReviewers ?? [],
      });
      warning = text(checked.warning) ?? '';
    }

    if (labels.length > 0) {
      await runAction(github.label, ctx, { repoUrl, number, labels });
      // github:issues:label logs its own failure as a warning and goes on: this line says what was asked.
      ctx.logger.info(
        `Asked GitHub to label pull request #${number}: ${list(labels)}`,
      );
    }
    return { url, number, warning };
  }

  async function publishToGitLab(ctx: PublishContext) {
    const { repoUrl, branchName, title, description } = ctx.input;
    const { labels, reviewers } = ctx.input;
    const found = await runAction(gitlab.find, ctx, { repoUrl, branchName });
    const openIid = count(found.mergeRequestIid);

    if (openIid !== undefined) {
      // publish:gitlab:merge-request refuses a branch that exists: push to the open one's branch.
      const pushed = await runAction(gitlab.push, ctx, {
        repoUrl,
        branchName,
        commitMessage: title,
        ...(ctx.input.sourcePath && { sourcePath: ctx.input.sourcePath }),
        ...(ctx.input.targetPath && { targetPath: ctx.input.targetPath }),
      });
      const commit = text(pushed.commitHash);
      ctx.logger.info(
        commit
          ? `Pushed the changed files to ${branchName} of merge request !${openIid} (commit ${commit.slice(
              0,
              8,
            )})`
          : `The files on ${branchName} of merge request !${openIid} are up to date: nothing pushed`,
      );
      const updated = await runAction(gitlab.update, ctx, {
        repoUrl,
        mergeRequestIid: openIid,
        title,
        description,
        ...(labels && { labels }),
        // Reviewers someone added by hand stay; the policy's come back if they were removed.
        ...(reviewers && { reviewers }),
      });
      return {
        url: text(updated.mergeRequestUrl) ?? text(found.mergeRequestUrl)!,
        number: openIid,
        warning: '',
      };
    }

    // A branch left by a closed merge request would stop publish:gitlab:merge-request; GitLab
    // keeps that merge request's commits, so the branch goes and a new merge request starts.
    await runAction(gitlab.deleteStaleBranch, ctx, { repoUrl, branchName });
    const opened = await runAction(gitlab.mergeRequest, ctx, {
      repoUrl,
      branchName,
      ...(ctx.input.targetBranchName && {
        targetBranchName: ctx.input.targetBranchName,
      }),
      title,
      description,
      ...(ctx.input.sourcePath && { sourcePath: ctx.input.sourcePath }),
      ...(ctx.input.targetPath && { targetPath: ctx.input.targetPath }),
      ...(labels && { labels }),
      ...(reviewers && { reviewers }),
      // Once merged, the branch goes: a later change to the cluster starts a new one.
      removeSourceBranch: true,
    });
    const url = text(opened.mergeRequestUrl);
    if (!url)
      throw new InputError(
        `GitLab answered without the merge request from ${branchName}: check ${REPO_URL_KEY} and the integrations.gitlab entry of its host.`,
      );
    const number = mergeRequestIidOf(url);
    ctx.logger.info(
      number
        ? `Opened merge request !${number}: ${url}`
        : `Opened merge request ${url}`,
    );
    return { url, number, warning: '' };
  }
}
