import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  GitLabActionOptions,
  GitLabApiError,
  gitlabProject,
  gitlabRepoUrlInput,
  ownMergeRequests,
} from './gitlabProject';
import { assertClusterBranch, clusterBranchInput } from './gitopsRepository';

/** A branch as GitLab's REST API answers it (the fields this action reads). */
interface GitLabBranch {
  web_url: string;
  protected: boolean;
  commit: { id: string };
}

/**
 * GitLab's answers to a DELETE it refuses: 400 for a protected branch the token may not delete (its
 * Git hooks refuse), 403 without push rights, 405 on GitLab before 13, 412 when the branch changed.
 */
const REFUSED_DELETE = [400, 403, 405, 412];

const short = (sha: string | null) => (sha ? sha.slice(0, 8) : 'unknown');

/**
 * `syntho:rayCluster:deleteStaleBranch`: deletes a GitLab branch whose merge requests were all
 * closed or merged, so that `publish:gitlab:merge-request` (which refuses a branch that exists) can
 * open a new merge request after the platform team closed the last one. GitLab keeps a closed merge
 * request's commits and changes, so nothing of it is lost. Only merge requests from the branch of
 * the GitOps project itself count (a fork's merge request says nothing about our branch). The
 * branch is kept, and the task fails saying why, when nobody can vouch for what it holds: it has no
 * merge request, its head moved after its last merge request (someone pushed to it), GitLab
 * protects it, or GitLab refuses the deletion.
 *
 * One branch without a merge request is vouched for: one whose head is `ownHead`, the commit the
 * same task pushed to it before it was interrupted (a backend crash between the branch and its
 * merge request; `syntho:rayCluster:publish` reads that commit from the task's checkpoints). It is
 * kept, with the output `adopted`, so the merge request is opened from it. A branch that moved past
 * that commit is refused as any other.
 *
 * @public
 */
export function createDeleteStaleBranchAction(options: GitLabActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:deleteStaleBranch',
    description:
      'Deletes a GitLab branch left by a closed or merged merge request of the GitOps project, so that a new merge request can be opened from it; refuses a branch without such a merge request, one with commits after it, and a protected one.',
    examples: [
      {
        description:
          'Clear the branch of a closed merge request before opening a new one',
        example: stringify({
          steps: [
            {
              id: 'delete-stale-branch',
              if: "${{ not steps['find-merge-request'].output.mergeRequestIid }}",
              action: 'syntho:rayCluster:deleteStaleBranch',
              name: 'Clear the branch of a closed merge request',
              input: {
                repoUrl: 'gitlab.com?owner=acme&repo=gitops',
                branchName: 'syntho-ray/aks/syntho/ray-cluster',
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        repoUrl: gitlabRepoUrlInput,
        branchName: z => clusterBranchInput(z, 'The branch to clear'),
        targetBranchName: z =>
          z
            .string()
            .max(255)
            .optional()
            .describe(
              "The branch merge requests go to; default: the project's default branch",
            ),
        ownHead: z =>
          z
            .string()
            .regex(/^[0-9a-f]{7,64}$/)
            .optional()
            .describe(
              'The commit this task itself pushed to the branch before it was interrupted: a branch at exactly this commit without a merge request is kept (output adopted) instead of refused',
            ),
      },
      output: {
        closedMergeRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The newest merge request of the deleted branch; absent when nothing was deleted',
            ),
        adopted: z =>
          z
            .boolean()
            .optional()
            .describe(
              'True when the branch is at ownHead without a merge request: kept, to open the merge request from it',
            ),
      },
    },
    async handler(ctx) {
      const { repoUrl, branchName, ownHead } = ctx.input;
      assertClusterBranch(branchName);
      const gitlab = gitlabProject(repoUrl, options, ctx.signal);
      const branchPath = `/repository/branches/${encodeURIComponent(
        branchName,
      )}`;
      const branch = await gitlab
        .request<GitLabBranch>(branchPath)
        .catch(error => {
          if (error instanceof GitLabApiError && error.status === 404)
            return undefined;
          throw error;
        });
      if (!branch) {
        ctx.logger.info(`No branch ${branchName}: nothing to clear`);
        return;
      }
      const { own: mergeRequests } = await ownMergeRequests(
        gitlab,
        branchName,
        'all',
      );
      const open = mergeRequests.find(
        mr => mr.state === 'opened' || mr.state === 'locked',
      );
      if (open) {
        ctx.logger.info(
          `Branch ${branchName} has an open merge request, ${open.web_url}: kept`,
        );
        return;
      }
      const keptBecause = (error: Error): never => {
        ctx.logger.warn(`Kept branch ${branchName}: ${error.message}`);
        throw error;
      };
      let target = ctx.input.targetBranchName ?? '';
      // publish:gitlab:merge-request creates the branch at the target's head before it commits:
      // a branch still there holds nothing anyone could lose.
      const pointsAtTarget = async (candidate: GitLabBranch) => {
        target ||= (await gitlab.request<{ default_branch: string }>(''))
          .default_branch;
        const targetBranch = await gitlab.request<GitLabBranch>(
          `/repository/branches/${encodeURIComponent(target)}`,
        );
        return (
          !candidate.protected && candidate.commit.id === targetBranch.commit.id
        );
      };
      const deleteBranch = () =>
        gitlab.request(branchPath, { method: 'DELETE' }).catch(error => {
          if (
            error instanceof GitLabApiError &&
            REFUSED_DELETE.includes(error.status ?? 0)
          )
            keptBecause(
              new GitLabApiError(
                `GitLab refused to delete the branch ${branchName} (${error.message}); nothing was changed. Delete it in GitLab, or give the integration token the right to, then run the template again.`,
                // The message already holds GitLab's answer; a cause would repeat it.
                error.status,
              ),
            );
          throw error;
        });
      if (mergeRequests.length === 0) {
        if (ownHead !== undefined && branch.commit.id === ownHead) {
          ctx.logger.info(
            `Branch ${branchName} is at ${short(
              ownHead,
            )}, the commit this task pushed before it was interrupted, and has no merge request: kept, to open the merge request from it`,
          );
          ctx.output('adopted', true);
          return;
        }
        if (await pointsAtTarget(branch)) {
          await deleteBranch();
          ctx.logger.info(
            `Deleted branch ${branchName}, which has no merge request and no commit over ${target}: a run that failed between creating it and committing to it left it`,
          );
          return;
        }
        keptBecause(
          new InputError(
            `branchName: the branch ${branchName} already exists without a merge request (${
              branch.web_url
            }), so it may hold someone's work${
              ownHead === undefined
                ? ''
                : ` (it is at ${short(branch.commit.id)}, not at ${short(
                    ownHead,
                  )}, the commit this task pushed to it)`
            }. Delete it in GitLab, or open a merge request from it, then run the template again.`,
          ),
        );
      }
      // GitLab lists the newest merge request first.
      const [newest] = mergeRequests;
      if (branch.commit.id !== newest.sha)
        keptBecause(
          new ConflictError(
            `branchName: the branch ${branchName} has moved since its last merge request ${
              newest.web_url
            } (which ended at ${short(newest.sha)}; the branch is at ${short(
              branch.commit.id,
            )}), so it holds commits nobody reviewed. Open a merge request from it, or delete it in GitLab, then run the template again.`,
          ),
        );
      if (branch.protected)
        keptBecause(
          new NotAllowedError(
            `branchName: GitLab protects the branch ${branchName} (${branch.web_url}), so this template does not delete it. Unprotect or delete it in GitLab, then run the template again.`,
          ),
        );
      await deleteBranch();
      ctx.logger.info(
        `Deleted branch ${branchName}, left by ${newest.state} merge request ${newest.web_url} (GitLab keeps its commits)`,
      );
      ctx.output('closedMergeRequestUrl', newest.web_url);
    },
  });
}
