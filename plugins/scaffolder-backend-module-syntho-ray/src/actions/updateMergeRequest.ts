import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

interface GitLabMergeRequest {
  iid: number;
  web_url: string;
}

/**
 * `syntho:rayCluster:updateMergeRequest`: when the cluster's branch already has an open GitLab merge
 * request, brings its title, description and labels up to date and outputs its URL; otherwise
 * outputs nothing. The template then pushes the files to that branch with `gitlab:repo:push`, or
 * opens a merge request with `publish:gitlab:merge-request`, which alone would fail at the existing
 * branch of a re-run.
 *
 * @public
 */
export function createUpdateMergeRequestAction(options: {
  integrations: ScmIntegrationRegistry;
}) {
  return createTemplateAction({
    id: 'syntho:rayCluster:updateMergeRequest',
    description:
      'Updates the title, description and labels of the open GitLab merge request from a branch, and outputs its URL (nothing when there is none), so that re-running a request updates its merge request.',
    examples: [
      {
        description:
          'Update the open merge request and push to its branch, or else open one',
        example: stringify({
          steps: [
            {
              id: 'update-merge-request',
              action: 'syntho:rayCluster:updateMergeRequest',
              name: 'Update the open merge request, if any',
              input: {
                repoUrl: 'gitlab.com?owner=acme&repo=gitops',
                branchName: 'syntho-ray/aks/syntho/ray-cluster',
                title: 'Ray cluster ray-cluster in syntho on aks',
                description: 'Requested by user:default/jane …',
                labels: ['syntho-ray'],
              },
            },
            {
              id: 'push',
              if: "${{ steps['update-merge-request'].output.mergeRequestUrl }}",
              action: 'gitlab:repo:push',
              name: 'Push the files to the open merge request',
              input: {
                repoUrl: 'gitlab.com?owner=acme&repo=gitops',
                branchName: 'syntho-ray/aks/syntho/ray-cluster',
                sourcePath: 'out',
                targetPath: 'clusters/aks/syntho/ray-cluster',
                commitMessage: 'Ray cluster ray-cluster in syntho on aks',
              },
            },
            {
              id: 'merge-request',
              if: "${{ not steps['update-merge-request'].output.mergeRequestUrl }}",
              action: 'publish:gitlab:merge-request',
              name: 'Open the merge request',
              input: {
                repoUrl: 'gitlab.com?owner=acme&repo=gitops',
                branchName: 'syntho-ray/aks/syntho/ray-cluster',
                title: 'Ray cluster ray-cluster in syntho on aks',
                description: 'Requested by user:default/jane …',
                sourcePath: 'out',
                targetPath: 'clusters/aks/syntho/ray-cluster',
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
              'The GitLab repository, as publish:gitlab:merge-request takes it: gitlab.com?owner=acme&repo=gitops',
            ),
        branchName: z =>
          z.string().describe('The source branch of the merge request'),
        title: z => z.string().describe('The title to set'),
        description: z => z.string().describe('The description to set'),
        labels: z =>
          z
            .array(z.string())
            .optional()
            .describe('The labels to set (replacing the current ones)'),
      },
      output: {
        mergeRequestUrl: z =>
          z
            .string()
            .optional()
            .describe('The updated merge request; absent when none was open'),
      },
    },
    async handler(ctx) {
      const { repoUrl, branchName, title, description, labels } = ctx.input;
      const { host, owner, repo, project } = parseRepoUrl(
        repoUrl,
        options.integrations,
      );
      const integration = options.integrations.gitlab.byHost(host);
      if (!integration)
        throw new InputError(
          `repoUrl: ${host} is not a GitLab host of integrations.gitlab in app-config.yaml; this action updates GitLab merge requests only.`,
        );
      const { apiBaseUrl, token } = integration.config;
      const projectPath = encodeURIComponent(project ?? `${owner}/${repo}`);
      const gitlab = async <T>(path: string, init: RequestInit = {}) => {
        const response = await fetch(
          `${apiBaseUrl}/projects/${projectPath}${path}`,
          {
            ...init,
            headers: {
              'Content-Type': 'application/json',
              ...(token && { 'PRIVATE-TOKEN': token }),
            },
          },
        );
        if (!response.ok) {
          const body = await response.text();
          throw new Error(
            `GitLab answered ${response.status} ${response.statusText} to ${
              init.method ?? 'GET'
            } /projects/${projectPath}${path.split('?')[0]}: ${body.slice(
              0,
              300,
            )}`,
          );
        }
        return (await response.json()) as T;
      };

      const [open] = await gitlab<GitLabMergeRequest[]>(
        `/merge_requests?${new URLSearchParams({
          state: 'opened',
          source_branch: branchName,
        })}`,
      );
      if (!open) {
        ctx.logger.info(`No open merge request from ${branchName} yet`);
        return;
      }
      await ctx.checkpoint({
        key: `update.mr.${projectPath}.${open.iid}`,
        fn: async () => {
          await gitlab(`/merge_requests/${open.iid}`, {
            method: 'PUT',
            body: JSON.stringify({
              title,
              description,
              ...(labels && { labels: labels.join(',') }),
            }),
          });
        },
      });
      ctx.logger.info(`Updated the open merge request ${open.web_url}`);
      ctx.output('mergeRequestUrl', open.web_url);
    },
  });
}
