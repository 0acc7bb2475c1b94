import { ConflictError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
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
 * The key of the checkpoint in which `publish:gitlab:merge-request` records the commit it made on
 * `branchName` (its value: the commit's id): `commit.to.<project>.<branch>`, the project as that
 * action names it (`project` of the `repoUrl`, else `owner/repo`). The scaffolder keeps a task's
 * checkpoints in its database, under the step, so a recovered step still has it.
 */
export function commitCheckpointKey(
  repoUrl: string,
  branchName: string,
  integrations: ScmIntegrationRegistry,
) {
  const { owner, repo, project } = parseRepoUrl(repoUrl, integrations);
  return `commit.to.${project ?? `${owner}/${repo}`}.${branchName}`;
}

/** Thrown by the checkpoint read to leave a checkpoint that holds nothing unrecorded. */
class NoCommitRecorded extends Error {
  name = 'NoCommitRecorded';
}

/**
 * The commit this task's `publish:gitlab:merge-request` already made on the cluster's branch, as
 * its checkpoint recorded it; undefined in a first run. It is there only when the step runs again
 * in the same task: the scaffolder recovered the task after a crash, or a failed task is retried.
 *
 * A checkpoint cannot be read without running it: its function here throws, so a checkpoint that
 * holds nothing stays without a value (the scaffolder notes it failed; the built-in action then
 * runs its own function, and a success replaces that note), and only a recorded success is read.
 */
export async function commitThisTaskMade(
  ctx: Pick<PublishContext, 'checkpoint'>,
  key: string,
): Promise<string | undefined> {
  try {
    const value: unknown = await ctx.checkpoint({
      key,
      fn: () => {
        throw new NoCommitRecorded(
          `No commit recorded under ${key}: publish:gitlab:merge-request made none in this task yet`,
        );
      },
    });
    // The action records null, which the scaffolder stores as {}, when it had nothing to commit.
    return typeof value === 'string' && /^[0-9a-f]{7,64}$/.test(value)
      ? value
      : undefined;
  } catch (error) {
    if (error instanceof NoCommitRecorded) return undefined;
    throw error;
  }
}

/**
 * Finds the open merge request of the cluster's branch with `syntho:rayCluster:findMergeRequest`;
 * with one, pushes to its branch with `gitlab:repo:push` and updates it with
 * `syntho:rayCluster:updateMergeRequest`; without one, clears a closed merge request's branch with
 * `syntho:rayCluster:deleteStaleBranch` and opens one with `publish:gitlab:merge-request`.
 *
 * A run of the step that follows one interrupted after `publish:gitlab:merge-request` pushed the
 * branch and before GitLab opened the merge request (a crash the scaffolder recovered the task
 * from) finds the branch without a merge request. When the branch's head is still the commit that
 * action recorded in this task's checkpoint, the branch is this task's own work: it is adopted and
 * the merge request opened from it (`commitAction: 'skip'`, so the action commits nothing again).
 * A branch someone pushed to since is refused, as any branch without a merge request.
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

    // The commit an interrupted run of this step in this task pushed, if there was one.
    const ownHead = await commitThisTaskMade(
      ctx,
      commitCheckpointKey(repoUrl, branchName, integrations),
    );
    // A branch left by a closed merge request would stop publish:gitlab:merge-request; GitLab
    // keeps that merge request's commits, so the branch goes and a new merge request starts. The
    // branch this task pushed stays, and the merge request is opened from it.
    const cleared = await runAction(deleteStaleBranch, ctx, {
      repoUrl,
      branchName,
      ...(ctx.input.targetBranchName && {
        targetBranchName: ctx.input.targetBranchName,
      }),
      ...(ownHead && { ownHead }),
    });
    const adopted = cleared.adopted === true;
    if (ownHead && !adopted)
      // publish:gitlab:merge-request would replay its recorded commit instead of committing, and
      // open a merge request without the files from a new branch.
      throw new ConflictError(
        `branchName: this task already pushed commit ${ownHead.slice(
          0,
          8,
        )} to ${branchName}, and the branch no longer holds it without a merge request (it was deleted, or a merge request from it was closed), so this task cannot push it again. Run the template again.`,
      );
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
      // The adopted branch holds the files already, in the commit the action recorded.
      ...(adopted && { commitAction: 'skip' as const }),
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
