import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';

/** The `repoUrl` input of the merge request actions, written against the scaffolder's `z`. */
export const gitlabRepoUrlInput = (z: typeof zod) =>
  z
    .string()
    .describe(
      'The GitLab repository, as publish:gitlab:merge-request takes it: gitlab.com?owner=acme&repo=gitops',
    );

/** A merge request as GitLab's REST API answers it (the fields these actions read). */
export interface GitLabMergeRequest {
  iid: number;
  web_url: string;
}

/**
 * Calls GitLab's REST API for the project of a scaffolder `repoUrl`, with the `integrations.gitlab`
 * entry of its host. Errors name the call and GitLab's answer, never the token.
 */
export function gitlabProject(
  repoUrl: string,
  integrations: ScmIntegrationRegistry,
) {
  const { host, owner, repo, project } = parseRepoUrl(repoUrl, integrations);
  const integration = integrations.gitlab.byHost(host);
  if (!integration)
    throw new InputError(
      `repoUrl: ${host} is not a GitLab host of integrations.gitlab in app-config.yaml; this action works on GitLab merge requests only.`,
    );
  const { apiBaseUrl, token } = integration.config;
  const projectPath = encodeURIComponent(project ?? `${owner}/${repo}`);
  return {
    projectPath,
    async request<T>(path: string, init: RequestInit = {}): Promise<T> {
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
    },
  };
}
