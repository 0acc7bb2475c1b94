import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createDeleteStaleBranchAction } from '../deleteStaleBranch';
import { createFindMergeRequestAction } from '../findMergeRequest';
import { createUpdateMergeRequestAction } from '../updateMergeRequest';

/** A request the fake GitLab received. */
export interface Received {
  method: string;
  url: string;
  token?: string;
  body?: any;
}

export const repoUrl = 'gitlab.example.test?owner=acme&repo=gitops';
export const branchName = 'syntho-ray/aks/syntho/ray-cluster';
/** The id GitLab gives acme/gitops; a fork of it is project 99. */
export const PROJECT_ID = 12;
export const FORK_ID = 99;
export const projectUrl = '/api/v4/projects/acme%2Fgitops';

/** A merge request of acme/gitops from `branchName`, as GitLab answers it; `overrides` change it. */
export function mergeRequest(
  iid: number,
  overrides: Record<string, unknown> = {},
) {
  return {
    iid,
    state: 'opened',
    web_url: `https://gitlab.example.test/acme/gitops/-/merge_requests/${iid}`,
    source_branch: branchName,
    source_project_id: PROJECT_ID,
    target_project_id: PROJECT_ID,
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ...overrides,
  };
}

/**
 * A GitLab API that answers with `reply` and records what it was asked; it never answers a
 * request `reply` returns nothing for. `GET /projects/acme%2Fgitops` answers the project (id
 * {@link PROJECT_ID}) unless `reply` answers it.
 */
export async function gitlabApi(
  reply: (
    request: Received,
  ) =>
    | { status: number; body?: unknown; headers?: Record<string, string> }
    | undefined,
  requestTimeoutMs?: number,
) {
  const received: Received[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const request = {
      method: req.method!,
      url: req.url!,
      token: req.headers['private-token'] as string | undefined,
      body: text ? JSON.parse(text) : undefined,
    };
    received.push(request);
    const answer =
      reply(request) ??
      (request.method === 'GET' && request.url === projectUrl
        ? {
            status: 200,
            body: {
              id: PROJECT_ID,
              path_with_namespace: 'acme/gitops',
              default_branch: 'main',
            },
          }
        : undefined);
    if (!answer) return;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      ...('headers' in answer && answer.headers),
    });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: ['gitlab.example.test', 'gitlab.com'].map(host => ({
          host,
          // The built-in actions' GitLab client calls <baseUrl>/api/v4, the module's own apiBaseUrl.
          baseUrl: `http://127.0.0.1:${port}`,
          apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
          token: 'glpat-test-token',
        })),
      },
    }),
  );
  const options = { integrations, requestTimeoutMs };
  return {
    find: createFindMergeRequestAction(options),
    update: createUpdateMergeRequestAction(options),
    deleteStaleBranch: createDeleteStaleBranchAction(options),
    integrations,
    received,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** What GitLab was asked, as `METHOD /url`. */
export const calls = (received: Received[]) =>
  received.map(r => `${r.method} ${r.url}`);

/**
 * One page of `items` as GitLab's offset pagination answers `url` (`page`, `per_page` of at most
 * 100, default 20), with its `x-next-page` header, empty on the last page, or, with `link`, only a
 * `Link` header as GitLab sends past 10,000 items. See docs.gitlab.com/api/rest/#pagination.
 */
export function gitlabPage(
  items: unknown[],
  url: string,
  { link = false }: { link?: boolean } = {},
): { status: number; body: unknown[]; headers: Record<string, string> } {
  const query = new URL(url, 'http://gitlab.example.test').searchParams;
  const page = Number(query.get('page') ?? 1);
  const perPage = Math.min(Number(query.get('per_page') ?? 20), 100);
  const hasNext = page * perPage < items.length;
  const next = new URL(url, 'http://gitlab.example.test');
  next.searchParams.set('page', String(page + 1));
  const body = items.slice((page - 1) * perPage, page * perPage);
  if (link)
    return {
      status: 200,
      body,
      headers: hasNext ? { link: `<${next}>; rel="next"` } : {},
    };
  return {
    status: 200,
    body,
    headers: {
      'x-page': String(page),
      'x-next-page': hasNext ? String(page + 1) : '',
    },
  };
}
