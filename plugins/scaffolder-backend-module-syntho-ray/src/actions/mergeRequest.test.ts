import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { createFindMergeRequestAction } from './findMergeRequest';
import { createUpdateMergeRequestAction } from './updateMergeRequest';
import { createDeleteStaleBranchAction } from './deleteStaleBranch';

interface Received {
  method: string;
  url: string;
  token?: string;
  body?: any;
}

/**
 * A GitLab API that answers with `reply` and records what it was asked; it never answers a
 * request `reply` returns nothing for.
 */
async function gitlabApi(
  reply: (request: Received) => { status: number; body?: unknown } | undefined,
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
    const answer = reply(request);
    if (!answer) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: ['gitlab.example.test', 'gitlab.com'].map(host => ({
          host,
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
    received,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const MR_URL = 'https://gitlab.example.test/acme/gitops/-/merge_requests/7';
const repoUrl = 'gitlab.example.test?owner=acme&repo=gitops';
const branchName = 'syntho-ray/aks/syntho/ray-cluster';

describe('syntho:rayCluster:findMergeRequest', () => {
  it("outputs the branch's open merge request", async () => {
    const api = await gitlabApi(() => ({
      status: 200,
      body: [{ iid: 7, web_url: MR_URL }],
    }));
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.find.handler(ctx);
    api.close();

    expect(api.received).toEqual([
      {
        method: 'GET',
        url: '/api/v4/projects/acme%2Fgitops/merge_requests?state=opened&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster',
        token: 'glpat-test-token',
        body: undefined,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestUrl', MR_URL);
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestIid', 7);
  });

  it('outputs nothing when no merge request is open', async () => {
    const api = await gitlabApi(() => ({ status: 200, body: [] }));
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.find.handler(ctx);
    api.close();

    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("names GitLab's refusal without the token", async () => {
    const api = await gitlabApi(() => ({
      status: 401,
      body: { message: '401 Unauthorized' },
    }));

    const error = await api.find
      .handler(createMockActionContext({ input: { repoUrl, branchName } }))
      .catch(e => e);
    api.close();

    expect(error.message).toContain(
      'GitLab answered 401 Unauthorized to GET /projects/acme%2Fgitops/merge_requests',
    );
    expect(error.message).not.toContain('glpat-test-token');
  });

  it('gives up on a GitLab that does not answer, naming the call', async () => {
    const api = await gitlabApi(() => undefined, 200);

    const error = await api.find
      .handler(createMockActionContext({ input: { repoUrl, branchName } }))
      .catch(e => e);
    api.close();

    expect(error.message).toBe(
      'GitLab did not answer GET /projects/acme%2Fgitops/merge_requests within 0.2 s',
    );
  });

  it('gives up on a GitLab that stops in the middle of its answer', async () => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"iid": 7,');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const action = createFindMergeRequestAction({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            gitlab: [
              {
                host: 'gitlab.example.test',
                apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
              },
            ],
          },
        }),
      ),
      requestTimeoutMs: 200,
    });

    const error = await action
      .handler(createMockActionContext({ input: { repoUrl, branchName } }))
      .catch(e => e);
    server.closeAllConnections();
    server.close();

    expect(error.message).toBe(
      'GitLab did not answer GET /projects/acme%2Fgitops/merge_requests within 0.2 s',
    );
  });

  it('refuses a repository that is not on a GitLab host', async () => {
    const action = createFindMergeRequestAction({
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });

    await expect(
      action.handler(
        createMockActionContext({
          input: { repoUrl: 'github.com?owner=acme&repo=gitops', branchName },
        }),
      ),
    ).rejects.toThrow(
      'repoUrl: github.com is not a GitLab host of integrations.gitlab in app-config.yaml',
    );
  });
});

describe('syntho:rayCluster:updateMergeRequest', () => {
  it("sets the merge request's title, description and labels", async () => {
    const api = await gitlabApi(() => ({
      status: 200,
      body: { iid: 7, web_url: MR_URL },
    }));
    const input = {
      repoUrl,
      mergeRequestIid: 7,
      title: 'Ray cluster ray-cluster in syntho on aks',
      description: 'Requested by user:default/jane',
      labels: ['syntho-ray', 'platform'],
    };
    const ctx = createMockActionContext({ input });

    await api.update.handler(ctx);
    api.close();

    expect(api.received).toEqual([
      {
        method: 'PUT',
        url: '/api/v4/projects/acme%2Fgitops/merge_requests/7',
        token: 'glpat-test-token',
        body: {
          title: input.title,
          description: input.description,
          labels: 'syntho-ray,platform',
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestUrl', MR_URL);
  });

  it('adds the reviewers it lacks to the ones set, and skips an unknown username with a warning', async () => {
    const userIds: Record<string, number> = { 'platform-oncall': 42 };
    const api = await gitlabApi(({ url }) => {
      if (url.startsWith('/api/v4/users?')) {
        const id =
          userIds[new URL(url, 'http://x').searchParams.get('username')!];
        return { status: 200, body: id ? [{ id, username: 'x' }] : [] };
      }
      const reviewers = [{ id: 7, username: 'ray-expert' }];
      return {
        status: 200,
        body: { iid: 7, web_url: MR_URL, state: 'opened', reviewers },
      };
    });
    const ctx = createMockActionContext({
      input: {
        repoUrl,
        mergeRequestIid: 7,
        title: 'Ray cluster ray-cluster in syntho on aks',
        description: 'Requested by user:default/jane',
        reviewers: ['platform-oncall', 'left-the-company'],
      },
    });
    const warn = jest.spyOn(ctx.logger, 'warn');

    await api.update.handler(ctx);
    api.close();

    expect(api.received.map(r => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v4/projects/acme%2Fgitops/merge_requests/7',
      'GET /api/v4/users?username=platform-oncall',
      'GET /api/v4/users?username=left-the-company',
      'PUT /api/v4/projects/acme%2Fgitops/merge_requests/7',
    ]);
    expect(api.received[3].body.reviewer_ids).toEqual([7, 42]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('GitLab has no user left-the-company'),
    );
  });
});

describe('syntho:rayCluster:deleteStaleBranch', () => {
  const branchUrl =
    '/api/v4/projects/acme%2Fgitops/repository/branches/syntho-ray%2Faks%2Fsyntho%2Fray-cluster';
  const mergeRequestsUrl =
    '/api/v4/projects/acme%2Fgitops/merge_requests?state=all&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster';
  /** GitLab with the cluster's branch and these merge requests from it. */
  const gitlabWith = (mergeRequests: Array<{ iid: number; state: string }>) =>
    gitlabApi(({ method, url }) => {
      if (url === branchUrl && method === 'GET')
        return {
          status: 200,
          body: { web_url: 'https://gitlab.example.test/branch' },
        };
      if (url === branchUrl && method === 'DELETE') return { status: 204 };
      if (url === mergeRequestsUrl)
        return {
          status: 200,
          body: mergeRequests.map(mr => ({
            ...mr,
            web_url: `https://gitlab.example.test/acme/gitops/-/merge_requests/${mr.iid}`,
          })),
        };
      return { status: 500, body: { message: `unexpected ${method} ${url}` } };
    });
  const calls = (received: Received[]) =>
    received.map(r => `${r.method} ${r.url}`);

  it.each([
    [
      'deletes a branch whose merge requests were closed or merged, naming the newest',
      [
        { iid: 3, state: 'closed' },
        { iid: 2, state: 'merged' },
      ],
      'https://gitlab.example.test/acme/gitops/-/merge_requests/3',
    ],
    [
      'keeps a branch with an open merge request',
      [
        { iid: 3, state: 'opened' },
        { iid: 2, state: 'closed' },
      ],
      undefined,
    ],
  ])('%s', async (_, mergeRequests, closedMergeRequestUrl) => {
    const api = await gitlabWith(mergeRequests);
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.deleteStaleBranch.handler(ctx);
    api.close();

    expect(calls(api.received)).toEqual([
      `GET ${branchUrl}`,
      `GET ${mergeRequestsUrl}`,
      ...(closedMergeRequestUrl ? [`DELETE ${branchUrl}`] : []),
    ]);
    expect((ctx.output as jest.Mock).mock.calls).toEqual(
      closedMergeRequestUrl
        ? [['closedMergeRequestUrl', closedMergeRequestUrl]]
        : [],
    );
  });

  it('refuses a branch without any merge request, saying what to do', async () => {
    const api = await gitlabWith([]);

    const error = await api.deleteStaleBranch
      .handler(createMockActionContext({ input: { repoUrl, branchName } }))
      .catch(e => e);
    api.close();

    expect(error.name).toBe('InputError');
    expect(error.message).toBe(
      "branchName: the branch syntho-ray/aks/syntho/ray-cluster already exists without a merge request (https://gitlab.example.test/branch), so it may hold someone's work. Delete it in GitLab, or open a merge request from it, then run the template again.",
    );
    expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
  });

  it('does nothing when the branch does not exist', async () => {
    const api = await gitlabApi(() => ({
      status: 404,
      body: { message: '404 Branch Not Found' },
    }));
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.deleteStaleBranch.handler(ctx);
    api.close();

    expect(calls(api.received)).toEqual([`GET ${branchUrl}`]);
    expect(ctx.output).not.toHaveBeenCalled();
  });
});

describe('the documented examples of the merge request actions', () => {
  /** GitLab with one open merge request, !7, a user, and no branch of the examples' name. */
  const answer = ({ method, url }: Received) => {
    if (method === 'GET' && url.includes('/repository/branches/'))
      return { status: 404, body: { message: '404 Branch Not Found' } };
    const mergeRequest = { iid: 7, web_url: MR_URL, state: 'opened' };
    if (url.includes('/users?'))
      return { status: 200, body: [{ id: 42, username: 'platform-oncall' }] };
    return {
      status: 200,
      body: url.includes('/merge_requests?') ? [mergeRequest] : mergeRequest,
    };
  };

  it.each(['find', 'update', 'deleteStaleBranch'] as const)(
    'of %s are valid input and run',
    async name => {
      const api = await gitlabApi(answer);
      const action = api[name];
      try {
        for (const { example } of action.examples!) {
          const [step] = parse(example).steps;
          expect(step.action).toBe(action.id);
          expect(validate(step.input, action.schema!.input!).errors).toEqual(
            [],
          );
          await action.handler(createMockActionContext({ input: step.input }));
        }
      } finally {
        api.close();
      }
      expect(api.received.length).toBeGreaterThan(0);
    },
  );
});
