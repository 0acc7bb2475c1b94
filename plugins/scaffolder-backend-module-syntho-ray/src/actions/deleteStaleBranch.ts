import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  GitLabActionOptions,
  GitLabApiError,
  GitLabMergeRequest,
  gitlabProject,
  gitlabRepoUrlInput,
} from './gitlabProject';

/**
 * `syntho:rayCluster:deleteStaleBranch`: deletes a GitLab branch whose merge requests were all
 * closed or merged, so that `publish:gitlab:merge-request` (which refuses a branch that exists) can
 * open a new merge request after the platform team closed the last one. GitLab keeps a closed merge
 * request's commits and changes, so nothing of it is lost. A branch without any merge request is
 * refused: nobody here knows whose work it holds.
 *
 * @public
 */
export function createDeleteStaleBranchAction(options: GitLabActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:deleteStaleBranch',
    description:
      'Deletes a GitLab branch left by a closed or merged merge request, so that a new merge request can be opened from it; refuses a branch that has no merge request.',
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
        branchName: z => z.string().describe('The branch to clear'),
      },
      output: {
        closedMergeRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The newest merge request of the deleted branch; absent when nothing was deleted',
            ),
      },
    },
    async handler(ctx) {
      const { repoUrl, branchName } = ctx.input;
      const gitlab = gitlabProject(repoUrl, options, ctx.signal);
      const branchPath = `/repository/branches/${encodeURIComponent(
        branchName,
      )}`;
      const branch = await gitlab
        .request<{ web_url: string }>(branchPath)
        .catch(error => {
          if (error instanceof GitLabApiError && error.status === 404)
            return undefined;
          throw error;
        });
      if (!branch) {
        ctx.logger.info(`No branch ${branchName}: nothing to clear`);
        return;
      }
      const mergeRequests = await gitlab.request<GitLabMergeRequest[]>(
        `/merge_requests?${new URLSearchParams({
          state: 'all',
          source_branch: branchName,
        })}`,
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
      if (mergeRequests.length === 0)
        throw new InputError(
          `branchName: the branch ${branchName} already exists without a merge request (${branch.web_url}), so it may hold someone's work. Delete it in GitLab, or open a merge request from it, then run the template again.`,
        );
      // GitLab lists the newest merge request first.
      const [newest] = mergeRequests;
      await gitlab.request(branchPath, { method: 'DELETE' });
      ctx.logger.info(
        `Deleted branch ${branchName}, left by ${newest.state} merge request ${newest.web_url} (GitLab keeps its commits)`,
      );
      ctx.output('closedMergeRequestUrl', newest.web_url);
    },
  });
}
