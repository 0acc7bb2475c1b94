import { NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';
import {
  GitLabActionOptions,
  GitLabMergeRequest,
  gitlabProject,
  gitlabRepoUrlInput,
  isOwnMergeRequest,
} from './gitlabProject';
import { CLUSTER_BRANCH_PREFIX } from './gitopsRepository';

/**
 * `syntho:rayCluster:updateMergeRequest`: sets the title and description of a GitLab merge
 * request, so that re-running a request brings its merge request's text up to date with the files
 * `gitlab:repo:push` has just pushed (no built-in action edits a merge request), and adds the policy's
 * labels and reviewers that it lacks. It refuses a merge request that the template did not open: one from a
 * fork, into another project, or from a branch outside the template's prefix.
 *
 * @public
 */
export function createUpdateMergeRequestAction(options: GitLabActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:updateMergeRequest',
    description:
      'Sets the title and description of a GitLab merge request (after a re-run pushed new files to its branch) and adds the labels and reviewers it lacks.',
    examples: [
      {
        description:
          'Update merge request !7, which syntho:rayCluster:findMergeRequest found open',
        example: stringify({
          steps: [
            {
              id: 'update-merge-request',
              if: "${{ steps['find-merge-request'].output.mergeRequestIid }}",
              action: 'syntho:rayCluster:updateMergeRequest',
              name: 'Update the merge request',
              input: {
                repoUrl: 'gitlab.com?owner=acme&repo=gitops',
                mergeRequestIid: 7,
                title: 'Ray cluster ray-cluster in syntho on aks',
                description: 'Requested by user:default/jane …',
                labels: ['syntho-ray'],
                reviewers: ['platform-oncall'],
              },
            },
          ],
        }),
      },
    ],
    schema: {
      input: {
        repoUrl: gitlabRepoUrlInput,
        mergeRequestIid: z =>
          z
            .number()
            .int()
            .positive()
            .describe("The merge request's number in the project (iid)"),
        title: z => z.string().describe('The title to set'),
        description: z => z.string().describe('The description to set'),
        labels: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Labels to add; labels the merge request has already, set by hand or not, stay',
            ),
        reviewers: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'GitLab usernames to add to the reviewers; reviewers already set stay, unknown usernames are skipped with a warning',
            ),
      },
      output: {
        mergeRequestUrl: z => z.string().describe('The updated merge request'),
      },
    },
    async handler(ctx) {
      const {
        repoUrl,
        mergeRequestIid,
        title,
        description,
        labels,
        reviewers,
      } = ctx.input;
      const gitlab = gitlabProject(repoUrl, options, ctx.signal);
      const path = `/merge_requests/${mergeRequestIid}`;
      const [projectId, current] = await Promise.all([
        gitlab.projectId(),
        gitlab.request<GitLabMergeRequest>(path),
      ]);
      if (!isOwnMergeRequest(current, projectId))
        throw new NotAllowedError(
          `mergeRequestIid: ${
            current.web_url
          } is not a merge request this template opened (from a ${CLUSTER_BRANCH_PREFIX} branch of ${decodeURIComponent(
            gitlab.projectPath,
          )} itself into it; its source project is ${
            current.source_project_id
          }, its branch ${JSON.stringify(
            current.source_branch,
          )}), so its text is left as it is.`,
        );
      /** GitLab replaces `reviewer_ids`: the current reviewers go in with the added ones. */
      const reviewerIds = async () => {
        const ids = new Set(current.reviewers?.map(r => r.id));
        for (const username of reviewers ?? []) {
          const id = await gitlab.userId(username);
          if (id === undefined)
            ctx.logger.warn(
              `GitLab has no user ${username}: the merge request goes on without this reviewer. Fix synthoRay.gitops.reviewers in app-config.yaml.`,
            );
          else ids.add(id);
        }
        return [...ids];
      };
      const webUrl = await ctx.checkpoint({
        key: `update.mr.${gitlab.projectPath}.${mergeRequestIid}`,
        fn: async () => {
          const updated = await gitlab.request<GitLabMergeRequest>(path, {
            method: 'PUT',
            body: JSON.stringify({
              title,
              description,
              // add_labels, not labels: labels replaces the set and would drop those reviewers
              // added by hand (do-not-merge, say).
              ...(labels?.length && { add_labels: labels.join(',') }),
              ...(reviewers?.length && { reviewer_ids: await reviewerIds() }),
            }),
          });
          return updated.web_url;
        },
      });
      ctx.logger.info(`Updated the merge request ${webUrl}`);
      ctx.output('mergeRequestUrl', webUrl);
    },
  });
}
