import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createGitlabRepoPushAction,
  createPublishGitlabMergeRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { createDeleteStaleBranchAction } from './deleteStaleBranch';
import { createFindMergeRequestAction } from './findMergeRequest';
import { GitOpsSettingError, REPO_URL_KEY } from './gitopsRepository';
import { createUpdateMergeRequestAction } from './updateMergeRequest';
import { count, PublishContext, Published, runAction, text } from './runAction';

/** What the GitLab half of `syntho:rayCluster:publish` is built with. */
export interface GitLabPublisherOptions {
  integrations: ScmIntegrationRegistry;
  requireScmUserCredentials: boolean;
  requestTimeoutMs?: number;
}

/** The number GitLab gives a merge request in its project, from its web URL (…/-/merge_requests/7). */
function mergeRequestIidOf(url: string | undefined) {
  const match = /\/merge_requests\/([1-9][0-9]*)\/?$/.exec(url ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Finds the open merge request of the cluster's branch with `syntho:rayCluster:findMergeRequest`;
 * with one, pushes to its branch with `gitlab:repo:push` and updates it with
 * `syntho:rayCluster:updateMergeRequest`; without one, clears a closed merge request's branch with
 * `syntho:rayCluster:deleteStaleBranch` and opens one with `publish:gitlab:merge-request`.
 */
export function gitlabPublisher(options: GitLabPublisherOptions) {
  const { integrations, requireScmUserCredentials } = options;
  const own = { integrations, requestTimeoutMs: options.requestTimeoutMs };
  const find = createFindMergeRequestAction(own);
  const push = createGitlabRepoPushAction({
    integrations,
    requireScmUserCredentials,
  });
  const update = createUpdateMergeRequestAction(own);
  const deleteStaleBranch = createDeleteStaleBranchAction(own);
  const mergeRequest = createPublishGitlabMergeRequestAction({
    integrations,
    requireScmUserCredentials,
  });

  return async function publishToGitLab(
    ctx: PublishContext,
  ): Promise<Published> {
    const { repoUrl, branchName, title, description } = ctx.input;
    const { labels, reviewers } = ctx.input;
    const found = await runAction(find, ctx, { repoUrl, branchName });
    const openIid = count(found.mergeRequestIid);

    if (openIid !== undefined) {
      // publish:gitlab:merge-request refuses a branch that exists: push to the open one's branch.
      const pushed = await runAction(push, ctx, {
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
      const updated = await runAction(update, ctx, {
        repoUrl,
        mergeRequestIid: openIid,
        title,
        description,
        // Labels and reviewers someone added by hand stay; the policy's come back if removed.
        ...(labels && { labels }),
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
    await runAction(deleteStaleBranch, ctx, { repoUrl, branchName });
    const opened = await runAction(mergeRequest, ctx, {
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
      throw new GitOpsSettingError(
        `GitLab answered without the merge request from ${branchName}: check ${REPO_URL_KEY} and the integrations.gitlab entry of its host.`,
      );
    const number = mergeRequestIidOf(url);
    ctx.logger.info(
      number
        ? `Opened merge request !${number}: ${url}`
        : `Opened merge request ${url}`,
    );
    return { url, number, warning: '' };
  };
}
