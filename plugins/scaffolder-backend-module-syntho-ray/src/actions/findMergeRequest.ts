import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  GitLabActionOptions,
  GitLabMergeRequest,
  gitlabProject,
  gitlabRepoUrlInput,
} from './gitlabProject';

/**
 * `syntho:rayCluster:findMergeRequest`: the open GitLab merge request from a branch, if any. The
 * template uses it on GitLab because `publish:gitlab:merge-request` refuses a branch that exists:
 * with an open merge request, a re-run pushes to its branch and updates its text instead.
 *
 * @public
 */
export function createFindMergeRequestAction(options: GitLabActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:findMergeRequest',
    description:
      'Finds the open GitLab merge request from a branch and outputs its URL and number (nothing when there is none).',
    examples: [
      {
        description: "Look for the cluster's open merge request",
        example: stringify({
          steps: [
            {
              id: 'find-merge-request',
              action: 'syntho:rayCluster:findMergeRequest',
              name: "Look for the cluster's open merge request",
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
        branchName: z =>
          z.string().describe('The source branch of the merge request'),
      },
      output: {
        mergeRequestUrl: z =>
          z
            .string()
            .optional()
            .describe('The open merge request; absent when there is none'),
        mergeRequestIid: z =>
          z
            .number()
            .optional()
            .describe("Its number in the project (GitLab's iid)"),
      },
    },
    async handler(ctx) {
      const gitlab = gitlabProject(ctx.input.repoUrl, options, ctx.signal);
      const [open] = await gitlab.request<GitLabMergeRequest[]>(
        `/merge_requests?${new URLSearchParams({
          state: 'opened',
          source_branch: ctx.input.branchName,
        })}`,
      );
      if (!open) {
        ctx.logger.info(`No open merge request from ${ctx.input.branchName}`);
        return;
      }
      ctx.logger.info(`Open merge request: ${open.web_url}`);
      ctx.output('mergeRequestUrl', open.web_url);
      ctx.output('mergeRequestIid', open.iid);
    },
  });
}
