import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';

/** A GitHub call that failed: GitHub's answer (with its `status`), or why there was none. */
export class GitHubApiError extends CustomErrorBase {
  name = 'GitHubApiError' as const;

  constructor(message: string, readonly status?: number, cause?: unknown) {
    super(message, cause);
  }
}

/**
 * What the GitHub actions are built with.
 *
 * @public
 */
export interface GitHubActionOptions {
  integrations: ScmIntegrationRegistry;
  /** Give up on a GitHub call after this long, so a hanging GitHub fails the task. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Calls GitHub's REST API for the repository of a scaffolder `repoUrl`, with the credentials the
 * built-in GitHub actions use (`integrations.github`: a token or a GitHub App, through
 * `DefaultGithubCredentialsProvider`). Failures are {@link GitHubApiError}s naming the call and
 * GitHub's answer, never the token.
 */
export async function githubRepository(
  repoUrl: string,
  { integrations, requestTimeoutMs = 30_000 }: GitHubActionOptions,
  signal?: AbortSignal,
) {
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  const integration = integrations.github.byHost(host);
  if (!integration || !owner)
    throw new InputError(
      `repoUrl: ${host} is not a GitHub host of integrations.github in app-config.yaml, or names no owner; this action works on GitHub repositories only.`,
    );
  const { headers: credentials } =
    await DefaultGithubCredentialsProvider.fromIntegrations(
      integrations,
    ).getCredentials({
      url: `https://${host}/${encodeURIComponent(owner)}/${encodeURIComponent(
        repo,
      )}`,
    });
  const base = `${integration.config.apiBaseUrl}/repos/${encodeURIComponent(
    owner,
  )}/${encodeURIComponent(repo)}`;

  /** Calls `route` of the repository (`pulls/7/reviews`; `''` for the repository). */
  async function call<T>(route: string, init: RequestInit = {}): Promise<T> {
    const name = `${init.method ?? 'GET'} ${route.split('?')[0]}`;
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    const failed = (error: Error): never => {
      if (timeout.aborted)
        throw new GitHubApiError(
          `GitHub did not answer ${name} within ${requestTimeoutMs / 1000} s`,
        );
      throw new GitHubApiError(
        `${name} failed`,
        undefined,
        error.cause ?? error,
      );
    };
    const response = await fetch(route ? `${base}/${route}` : base, {
      ...init,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: {
        Accept: 'application/vnd.github+json',
        'Content-Type': 'application/json',
        'X-GitHub-Api-Version': '2022-11-28',
        ...credentials,
      },
    }).catch(failed);
    const body = await response.text().catch(failed);
    if (!response.ok)
      throw new GitHubApiError(
        `GitHub answered ${response.status} ${
          response.statusText
        } to ${name}: ${body.slice(0, 300)}`,
        response.status,
      );
    return JSON.parse(body) as T;
  }

  return {
    /** Calls `route` of the repository (`compare/main...topic`; `''` for the repository). */
    request: call,
  };
}

/** {@link githubRepository} for one pull request (and its issue). */
export async function githubPullRequest(
  repoUrl: string,
  pullNumber: number,
  options: GitHubActionOptions,
  signal?: AbortSignal,
) {
  const repository = await githubRepository(repoUrl, options, signal);
  return {
    /** Calls `path` of the pull request (`/requested_reviewers`; `''` for the pull request). */
    request<T>(path: string, init: RequestInit = {}): Promise<T> {
      return repository.request<T>(`pulls/${pullNumber}${path}`, init);
    },
    /**
     * The names of the pull request's labels: GitHub keeps them on the issue of the same number
     * (docs.github.com/rest/issues/labels#list-labels-for-an-issue). 100 is GitHub's largest page,
     * far more labels than a policy sets.
     */
    async labels(): Promise<string[]> {
      const labels = await repository.request<Array<{ name: string }>>(
        `issues/${pullNumber}/labels?per_page=100`,
      );
      return labels.map(label => label.name);
    },
  };
}
