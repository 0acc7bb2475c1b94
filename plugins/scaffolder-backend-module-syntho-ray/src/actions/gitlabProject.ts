import { CustomErrorBase, InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import { CLUSTER_BRANCH_PREFIX } from './gitopsRepository';

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
  source_branch: string;
  /** The project the branch is in: a fork's merge request names the fork. */
  source_project_id: number;
  /** The project it merges into. */
  target_project_id: number;
  /** The head of the source branch, as the merge request last saw it. */
  sha: string | null;
  reviewers?: Array<{ id: number; username: string }>;
}

/**
 * Whether a merge request is one the template opened: from a branch under the template's prefix
 * of the GitOps project itself, into that project. Anyone who can fork the project can open a
 * merge request from a fork whose branch has our predictable name; that one is not ours to update.
 */
export function isOwnMergeRequest(
  mergeRequest: GitLabMergeRequest,
  projectId: number,
  branchName?: string,
) {
  return (
    mergeRequest.source_project_id === projectId &&
    mergeRequest.target_project_id === projectId &&
    mergeRequest.source_branch.startsWith(CLUSTER_BRANCH_PREFIX) &&
    (branchName === undefined || mergeRequest.source_branch === branchName)
  );
}

/**
 * How many pages a list may take: 20 pages of 100 are far more merge requests than one branch
 * name ever gathers, and a bound keeps a project flooded with forks' merge requests from holding a
 * task in a loop of calls.
 */
export const MAX_LIST_PAGES = 20;

/**
 * The page after this one, from GitLab's offset pagination headers: `x-next-page` (empty on the
 * last page), else a `Link` header's `rel="next"` URL (GitLab leaves out `x-total` and
 * `x-total-pages` past 10,000 items, never these). See docs.gitlab.com/api/rest/#pagination.
 */
function nextPage(headers: Headers): string | undefined {
  const next = headers.get('x-next-page');
  if (next !== null) return /^[1-9][0-9]*$/.test(next) ? next : undefined;
  const link = /<([^>]*)>\s*;\s*rel="next"/.exec(headers.get('link') ?? '');
  if (!link) return undefined;
  // Only its page number is taken: the token never goes to a URL an answer names.
  const page = new URL(link[1], 'http://gitlab.invalid').searchParams.get(
    'page',
  );
  return page && /^[1-9][0-9]*$/.test(page) ? page : undefined;
}

/** A GitLab call that failed: GitLab's answer (with its `status`), or why there was none. */
export class GitLabApiError extends CustomErrorBase {
  name = 'GitLabApiError' as const;

  constructor(message: string, readonly status?: number, cause?: unknown) {
    super(message, cause);
  }
}

/**
 * What the merge request actions are built with.
 *
 * @public
 */
export interface GitLabActionOptions {
  integrations: ScmIntegrationRegistry;
  /** Give up on a GitLab call after this long, so a hanging GitLab fails the task. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Calls GitLab's REST API for the project of a scaffolder `repoUrl`, with the `integrations.gitlab`
 * entry of its host. Failures are {@link GitLabApiError}s naming the call and GitLab's answer, never
 * the token. A call ends when the task is cancelled (`signal`) or after `requestTimeoutMs`.
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

  /** Calls `path` of the API (`/users?username=…`): GitLab's answer and its headers. */
  async function apiResponse<T>(
    path: string,
    init: RequestInit = {},
  ): Promise<{ body: T; headers: Headers }> {
    const call = `${init.method ?? 'GET'} ${path.split('?')[0]}`;
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    // The signal covers the body too, so reading it can fail the same ways as the request.
    const failed = (error: Error): never => {
      if (timeout.aborted)
        throw new GitLabApiError(
          `GitLab did not answer ${call} within ${requestTimeoutMs / 1000} s`,
        );
      // fetch says only "fetch failed"; its cause says why (e.g. connect ECONNREFUSED).
      throw new GitLabApiError(
        `${call} failed`,
        undefined,
        error.cause ?? error,
      );
    };
    const response = await fetch(`${apiBaseUrl}${path}`, {
      ...init,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: {
        'Content-Type': 'application/json',
        ...(token && { 'PRIVATE-TOKEN': token }),
      },
    }).catch(failed);
    const body = await response.text().catch(failed);
    if (!response.ok)
      throw new GitLabApiError(
        `GitLab answered ${response.status} ${
          response.statusText
        } to ${call}: ${body.slice(0, 300)}`,
        response.status,
      );
    // DELETE answers 204 without a body.
    return {
      body: (body ? JSON.parse(body) : undefined) as T,
      headers: response.headers,
    };
  }
  const apiRequest = async <T>(path: string, init?: RequestInit) =>
    (await apiResponse<T>(path, init)).body;

  let numericId: Promise<number> | undefined;
  return {
    projectPath,
    /** The project's numeric id, which merge requests name their source and target projects by. */
    projectId(): Promise<number> {
      numericId ??= apiRequest<{ id: number }>(`/projects/${projectPath}`).then(
        ({ id }) => id,
      );
      return numericId;
    },
    /** Calls `path` of the project (`/merge_requests?…`). */
    request<T>(path: string, init: RequestInit = {}): Promise<T> {
      return apiRequest<T>(`/projects/${projectPath}${path}`, init);
    },
    /**
     * Every item of a list of the project (`/merge_requests?…`), page after page as GitLab's
     * offset pagination links them (`x-next-page`, else a `Link` header's `rel="next"`), at most
     * {@link MAX_LIST_PAGES} pages.
     */
    async list<T>(path: string): Promise<T[]> {
      const items: T[] = [];
      const [route, query] = path.split('?');
      let page: string | undefined;
      for (let pages = 0; ; pages++) {
        if (pages === MAX_LIST_PAGES)
          throw new GitLabApiError(
            `GitLab lists more than ${MAX_LIST_PAGES} pages for GET /projects/${projectPath}${route}?${query}, and this action reads no further. Close the merge requests that should not be there in GitLab, then run the template again.`,
          );
        const params = new URLSearchParams(query);
        if (page) params.set('page', page);
        const { body, headers } = await apiResponse<T[]>(
          `/projects/${projectPath}${route}?${params}`,
        );
        items.push(...body);
        page = nextPage(headers);
        if (!page) return items;
      }
    },
    /** The id of the GitLab user `username`, or undefined when GitLab knows no such user. */
    async userId(username: string): Promise<number | undefined> {
      const [user] = await apiRequest<Array<{ id: number }>>(
        `/users?${new URLSearchParams({ username })}`,
      );
      return user?.id;
    },
  };
}

/**
 * The merge requests from `branchName` into the GitLab project, newest first, read page by page:
 * `own` are the template's (see {@link isOwnMergeRequest}), `ignored` the others that use the branch
 * name, such as forks'. Reading every page matters: a fork can open any number of merge requests
 * with our branch name, and ours may be on the last page.
 */
export async function ownMergeRequests(
  gitlab: ReturnType<typeof gitlabProject>,
  branchName: string,
  state: 'opened' | 'all',
): Promise<{ own: GitLabMergeRequest[]; ignored: GitLabMergeRequest[] }> {
  const projectId = await gitlab.projectId();
  const listed = await gitlab.list<GitLabMergeRequest>(
    `/merge_requests?${new URLSearchParams({
      state,
      source_branch: branchName,
      // GitLab's largest page, so the common case is one call.
      per_page: '100',
    })}`,
  );
  const own = listed.filter(mr => isOwnMergeRequest(mr, projectId, branchName));
  return { own, ignored: listed.filter(mr => !own.includes(mr)) };
}
