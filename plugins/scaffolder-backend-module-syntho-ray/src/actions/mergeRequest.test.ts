import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createFindMergeRequestAction } from './findMergeRequest';
import { createUpdateMergeRequestAction } from './updateMergeRequest';

interface Received {
  method: string;
  url: string;
  token?: string;
  body?: any;
}

/** A GitLab API that answers with `reply` and records what it was asked. */
async function gitlabApi(
  reply: (request: Received) => { status: number; body: unknown },
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
    const { status, body } = reply(request);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example.test',
            apiBaseUrl: `http://127.0.0.1:${port}/api/v4`,
            token: 'glpat-test-token',
          },
        ],
      },
    }),
  );
  return {
    find: createFindMergeRequestAction({ integrations }),
    update: createUpdateMergeRequestAction({ integrations }),
    received,
    close: () => server.close(),
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
});
