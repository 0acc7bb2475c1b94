import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { createFindMergeRequestAction } from './findMergeRequest';
import {
  branchName,
  calls,
  FORK_ID,
  gitlabApi,
  gitlabPage,
  mergeRequest,
  projectUrl,
  Received,
  repoUrl,
} from './__testUtils__/gitlabApi';

const MR_URL = 'https://gitlab.example.test/acme/gitops/-/merge_requests/7';

describe('syntho:rayCluster:findMergeRequest', () => {
  /** GitLab whose open merge requests from the branch are `opened`. */
  const gitlabWith = (opened: unknown[]) =>
    gitlabApi(({ url }) =>
      url.startsWith(`${projectUrl}/merge_requests?`)
        ? { status: 200, body: opened }
        : undefined,
    );

  it("outputs the branch's open merge request", async () => {
    const api = await gitlabWith([mergeRequest(7)]);
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.find.handler(ctx);
    api.close();

    expect(api.received).toEqual([
      {
        method: 'GET',
        url: projectUrl,
        token: 'glpat-test-token',
        body: undefined,
      },
      {
        method: 'GET',
        url: '/api/v4/projects/acme%2Fgitops/merge_requests?state=opened&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster&per_page=100',
        token: 'glpat-test-token',
        body: undefined,
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestUrl', MR_URL);
    expect(ctx.output).toHaveBeenCalledWith('mergeRequestIid', 7);
  });

  it('outputs nothing when no merge request is open', async () => {
    const api = await gitlabWith([]);
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.find.handler(ctx);
    api.close();

    expect(ctx.output).not.toHaveBeenCalled();
  });

  it("ignores a fork's merge request from a branch of the same name, with a warning", async () => {
    const api = await gitlabWith([
      mergeRequest(8, { source_project_id: FORK_ID }),
    ]);
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });
    const warn = jest.spyOn(ctx.logger, 'warn');

    await api.find.handler(ctx);
    api.close();

    expect(ctx.output).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Ignoring merge request https://gitlab.example.test/acme/gitops/-/merge_requests/8: it is not from syntho-ray/aks/syntho/ray-cluster of acme/gitops itself (source project 99)',
      ),
    );
  });

  it.each([
    ['one from a fork', { source_project_id: FORK_ID }],
    ['one into another project', { target_project_id: FORK_ID }],
    [
      'one from another branch',
      { source_branch: 'syntho-ray/aks/syntho/other' },
    ],
  ])(
    'outputs its own merge request when GitLab also lists %s first',
    async (_, other) => {
      const api = await gitlabWith([mergeRequest(8, other), mergeRequest(7)]);
      const ctx = createMockActionContext({ input: { repoUrl, branchName } });

      await api.find.handler(ctx);
      api.close();

      expect((ctx.output as jest.Mock).mock.calls).toEqual([
        ['mergeRequestUrl', MR_URL],
        ['mergeRequestIid', 7],
      ]);
    },
  );

  it.each(['main', 'syntho-ray/', 'feature/syntho-ray/x', ''])(
    'refuses the branch %j, which the template does not open, without asking GitLab',
    async name => {
      const api = await gitlabWith([mergeRequest(7)]);

      const error = await api.find
        .handler(
          createMockActionContext({ input: { repoUrl, branchName: name } }),
        )
        .catch(e => e);
      api.close();

      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        'its actions only touch branches under syntho-ray/',
      );
      expect(api.received).toEqual([]);
    },
  );

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
      'GitLab answered 401 Unauthorized to GET /projects/acme%2Fgitops',
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
      'GitLab did not answer GET /projects/acme%2Fgitops within 0.2 s',
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
  /** GitLab with merge request !7 as `overrides` change it; PUT answers it. */
  const gitlabWith = (overrides: Record<string, unknown> = {}) =>
    gitlabApi(({ url }) =>
      url === `${projectUrl}/merge_requests/7`
        ? { status: 200, body: mergeRequest(7, overrides) }
        : undefined,
    );

  it("sets the merge request's title and description and adds its labels, leaving the others", async () => {
    const api = await gitlabWith();
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

    expect(calls(api.received).sort()).toEqual([
      `GET ${projectUrl}`,
      `GET ${projectUrl}/merge_requests/7`,
      `PUT ${projectUrl}/merge_requests/7`,
    ]);
    expect(api.received.find(r => r.method === 'PUT')).toEqual({
      method: 'PUT',
      url: '/api/v4/projects/acme%2Fgitops/merge_requests/7',
      token: 'glpat-test-token',
      body: {
        title: input.title,
        description: input.description,
        // labels would replace the set, dropping any a reviewer added by hand.
        add_labels: 'syntho-ray,platform',
      },
    });
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
      if (url === projectUrl) return undefined;
      const reviewers = [{ id: 7, username: 'ray-expert' }];
      return { status: 200, body: mergeRequest(7, { reviewers }) };
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

    expect(calls(api.received).slice(2)).toEqual([
      'GET /api/v4/users?username=platform-oncall',
      'GET /api/v4/users?username=left-the-company',
      'PUT /api/v4/projects/acme%2Fgitops/merge_requests/7',
    ]);
    expect(api.received[4].body.reviewer_ids).toEqual([7, 42]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('GitLab has no user left-the-company'),
    );
  });

  it.each([
    ['from a fork', { source_project_id: FORK_ID }],
    ['into another project', { target_project_id: FORK_ID }],
    ['from a branch the template does not open', { source_branch: 'main' }],
  ])(
    'refuses a merge request %s and leaves it as it is',
    async (_, overrides) => {
      const api = await gitlabWith(overrides);

      const error = await api.update
        .handler(
          createMockActionContext({
            input: {
              repoUrl,
              mergeRequestIid: 7,
              title: 'Ray cluster ray-cluster in syntho on aks',
              description: 'Requested by user:default/jane',
            },
          }),
        )
        .catch(e => e);
      api.close();

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(
        `mergeRequestIid: ${MR_URL} is not a merge request this template opened`,
      );
      expect(calls(api.received)).not.toContain(
        `PUT ${projectUrl}/merge_requests/7`,
      );
    },
  );
});

describe('merge requests past the first page', () => {
  /** 101 merge requests of a fork from our branch name, newer than `own`, newest first. */
  const behindForks = (own: ReturnType<typeof mergeRequest>) => [
    ...Array.from({ length: 101 }, (_, i) =>
      mergeRequest(200 - i, { source_project_id: FORK_ID }),
    ),
    own,
  ];
  const listing = (items: unknown[], options?: { link?: boolean }) =>
    gitlabApi(({ method, url }) => {
      if (url.startsWith(`${projectUrl}/merge_requests?`))
        return gitlabPage(items, url, options);
      if (method === 'GET' && url.includes('/repository/branches/'))
        return {
          status: 200,
          body: {
            protected: false,
            commit: { id: mergeRequest(7).sha },
            web_url: 'https://gitlab.example.test/branch',
          },
        };
      if (method === 'DELETE') return { status: 204 };
      return undefined;
    });

  it.each([
    ['x-next-page', {}],
    ['a Link header', { link: true }],
  ])(
    'findMergeRequest finds its own behind 101 forks, following %s',
    async (_, options) => {
      const api = await listing(behindForks(mergeRequest(7)), options);
      const ctx = createMockActionContext({ input: { repoUrl, branchName } });

      await api.find.handler(ctx);
      api.close();

      expect((ctx.output as jest.Mock).mock.calls).toEqual([
        ['mergeRequestUrl', MR_URL],
        ['mergeRequestIid', 7],
      ]);
      expect(
        calls(api.received).filter(call => call.includes('/merge_requests?')),
      ).toEqual([
        `GET ${projectUrl}/merge_requests?state=opened&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster&per_page=100`,
        `GET ${projectUrl}/merge_requests?state=opened&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster&per_page=100&page=2`,
      ]);
    },
  );

  it('deleteStaleBranch reads its own closed merge request behind 101 forks, and deletes the branch', async () => {
    const api = await listing(
      behindForks(mergeRequest(7, { state: 'closed' })),
    );
    const ctx = createMockActionContext({ input: { repoUrl, branchName } });

    await api.deleteStaleBranch.handler(ctx);
    api.close();

    expect(ctx.output).toHaveBeenCalledWith('closedMergeRequestUrl', MR_URL);
  });

  it('stops after 20 pages with an error that says so', async () => {
    const forks = Array.from({ length: 2001 }, (_, i) =>
      mergeRequest(3000 - i, { source_project_id: FORK_ID }),
    );
    const api = await listing(forks);

    const error = await api.find
      .handler(createMockActionContext({ input: { repoUrl, branchName } }))
      .catch(e => e);
    api.close();

    expect(error.name).toBe('GitLabApiError');
    expect(error.message).toContain(
      'GitLab lists more than 20 pages for GET /projects/acme%2Fgitops/merge_requests',
    );
    expect(
      calls(api.received).filter(call => call.includes('/merge_requests?')),
    ).toHaveLength(20);
  });
});

describe('the documented examples of the merge request actions', () => {
  /** GitLab with one open merge request, !7, a user, and no branch of the examples' name. */
  const answer = ({ method, url }: Received) => {
    if (method === 'GET' && url.includes('/repository/branches/'))
      return { status: 404, body: { message: '404 Branch Not Found' } };
    if (url.includes('/users?'))
      return { status: 200, body: [{ id: 42, username: 'platform-oncall' }] };
    if (url === projectUrl) return undefined;
    return {
      status: 200,
      body: url.includes('/merge_requests?')
        ? [mergeRequest(7)]
        : mergeRequest(7),
    };
  };

  it.each(['find', 'deleteStaleBranch'] as const)(
    "of %s: the schema refuses a branch outside the template's prefix",
    async name => {
      const api = await gitlabApi(answer);
      api.close();
      const { input } = parse(api[name].examples![0].example).steps[0];

      expect(
        validate(
          { ...input, branchName: 'main' },
          api[name].schema!.input!,
        ).errors.map(e => e.property),
      ).toEqual(['instance.branchName']);
    },
  );

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
