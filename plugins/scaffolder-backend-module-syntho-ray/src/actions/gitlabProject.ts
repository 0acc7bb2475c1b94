import { InputError, NotFoundError } from '@backstage/errors';
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
  state: 'opened' | 'closed' | 'locked' | 'merged';
}

/** What the merge request actions are built with. */
export interface GitLabActionOptions {
  integrations: ScmIntegrationRegistry;
  /** Give up on a GitLab call after this long, so a hanging GitLab fails the task. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Calls GitLab's REST API for the project of a scaffolder `repoUrl`, with the `integrations.gitlab`
 * entry of its host. Errors name the call and GitLab's answer, never the token; a 404 is a
 * `NotFoundError`. A call ends when the task is cancelled (`signal`) or after `requestTimeoutMs`.
 */
export function gitlabProject(
  repoUrl: string,
  { integrations, requestTimeoutMs = 30_000 }: GitLabActionOptions,
  signal?: AbortSignal,
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
      const call = `${init.method ?? 'GET'} /projects/${projectPath}${
        path.split('?')[0]
      }`;
      const timeout = AbortSignal.timeout(requestTimeoutMs);
      const response = await fetch(
        `${apiBaseUrl}/projects/${projectPath}${path}`,
        {
          ...init,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          headers: {
            'Content-Type': 'application/json',
            ...(token && { 'PRIVATE-TOKEN': token }),
          },
        },
      ).catch((error: Error) => {
        throw new Error(
          timeout.aborted
            ? `GitLab did not answer ${call} within ${
                requestTimeoutMs / 1000
              } s`
            : `${call} failed: ${
                (error.cause as Error | undefined)?.message ?? error.message
              }`,
        );
      });
      if (!response.ok) {
        const body = await response.text();
        const message = `GitLab answered ${response.status} ${
          response.statusText
        } to ${call}: ${body.slice(0, 300)}`;
        throw response.status === 404
          ? new NotFoundError(message)
          : new Error(message);
      }
      // DELETE answers 204 without a body.
      return (response.status === 204 ? undefined : await response.json()) as T;
    },
  };
}
