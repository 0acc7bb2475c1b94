import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  GitLabActionOptions,
  gitlabProject,
  gitlabRepoUrlInput,
  ownMergeRequests,
} from './gitlabProject';
import { assertClusterBranch, clusterBranchInput } from './gitopsRepository';

/**
 * `syntho:rayCluster:findMergeRequest`: the open GitLab merge request from a branch, if any.
 * `syntho:rayCluster:publish` runs it on GitLab because `publish:gitlab:merge-request` refuses a branch that exists:
 * with an open merge request, a re-run pushes to its branch and updates its text instead. Only a
 * merge request from the branch of the GitOps project itself, into that project, counts: one from a
 * fork's branch of the same name is ignored (with a warning), so a re-run never updates it.
 *
 * @public
 */
export function createFindMergeRequestAction(options: GitLabActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:findMergeRequest',
    description:
      'Finds the open GitLab merge request from a branch of the GitOps project itself and outputs its URL and number (nothing when there is none; merge requests from forks are ignored).',
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
          clusterBranchInput(z, 'The source branch of the merge request'),
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
      const { repoUrl, branchName } = ctx.input;
      assertClusterBranch(branchName);
      const gitlab = gitlabProject(repoUrl, options, ctx.signal);
      const { own, ignored } = await ownMergeRequests(
        gitlab,
        branchName,
        'opened',
      );
      for (const other of ignored)
        ctx.logger.warn(
          `Ignoring merge request ${
            other.web_url
          }: it is not from ${branchName} of ${decodeURIComponent(
            gitlab.projectPath,
          )} itself (source project ${
            other.source_project_id
          }), so this template does not update it.`,
        );
      const [open] = own;
      if (!open) {
        ctx.logger.info(`No open merge request from ${branchName}`);
        return;
      }
      ctx.logger.info(`Open merge request: ${open.web_url}`);
      ctx.output('mergeRequestUrl', open.web_url);
      ctx.output('mergeRequestIid', open.iid);
    },
  });
}
