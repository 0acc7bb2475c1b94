import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  branchName,
  calls,
  FORK_ID,
  gitlabApi,
  mergeRequest,
  projectUrl,
  repoUrl,
} from './__testUtils__/gitlabApi';

const branchUrl = `${projectUrl}/repository/branches/syntho-ray%2Faks%2Fsyntho%2Fray-cluster`;
const mergeRequestsUrl = `${projectUrl}/merge_requests?state=all&source_branch=syntho-ray%2Faks%2Fsyntho%2Fray-cluster&per_page=100`;
/** Where the cluster's branch is, unless a test moves it: where its merge requests ended. */
const REVIEWED_HEAD = mergeRequest(1).sha;
/** Where the target branch (the project's default, main) is. */
const TARGET_HEAD = 'a'.repeat(40);

/** GitLab with the cluster's branch at `head` (protected or not) and these merge requests from it. */
const gitlabWith = (
  mergeRequests: Array<Record<string, unknown> & { iid: number }>,
  {
    head = REVIEWED_HEAD,
    isProtected = false,
    deleteAnswer = { status: 204 } as { status: number; body?: unknown },
  } = {},
) =>
  gitlabApi(({ method, url }) => {
    if (url === branchUrl && method === 'GET')
      return {
        status: 200,
        body: {
          name: branchName,
          protected: isProtected,
          commit: { id: head },
          web_url: 'https://gitlab.example.test/branch',
        },
      };
    if (url === branchUrl && method === 'DELETE') return deleteAnswer;
    if (url === `${projectUrl}/repository/branches/main` && method === 'GET')
      return {
        status: 200,
        body: { name: 'main', protected: true, commit: { id: TARGET_HEAD } },
      };
    if (url === mergeRequestsUrl)
      return {
        status: 200,
        body: mergeRequests.map(({ iid, ...overrides }) =>
          mergeRequest(iid, overrides),
        ),
      };
    if (url === projectUrl) return undefined;
    return { status: 500, body: { message: `unexpected ${method} ${url}` } };
  });

/** Runs the action; resolves to its error, or undefined. */
async function run(
  api: Awaited<ReturnType<typeof gitlabWith>>,
  input: { ownHead?: string } = {},
) {
  const ctx = createMockActionContext({
    input: { repoUrl, branchName, ...input },
  });
  const warn = jest.spyOn(ctx.logger, 'warn');
  const error = await api.deleteStaleBranch.handler(ctx).then(
    () => undefined,
    e => e,
  );
  api.close();
  return { ctx, warn, error };
}

describe('syntho:rayCluster:deleteStaleBranch', () => {
  it("deletes a branch with no merge request that is still at the target branch's head: a failed run created it and committed nothing", async () => {
    const api = await gitlabWith([], { head: TARGET_HEAD });
    const { error } = await run(api);

    expect(error).toBeUndefined();
    expect(calls(api.received)).toContain(`DELETE ${branchUrl}`);
  });

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
      "deletes a branch whose merge request was closed, whatever a fork's open one says",
      [
        { iid: 4, state: 'opened', source_project_id: FORK_ID },
        { iid: 3, state: 'closed' },
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
    const { ctx, error } = await run(await gitlabWith(mergeRequests));

    expect(error).toBeUndefined();
    expect((ctx.output as jest.Mock).mock.calls).toEqual(
      closedMergeRequestUrl
        ? [['closedMergeRequestUrl', closedMergeRequestUrl]]
        : [],
    );
  });

  it('deletes only after reading the branch and its merge requests', async () => {
    const api = await gitlabWith([{ iid: 3, state: 'closed' }]);

    await run(api);

    expect(calls(api.received)).toEqual([
      `GET ${branchUrl}`,
      `GET ${projectUrl}`,
      `GET ${mergeRequestsUrl}`,
      `DELETE ${branchUrl}`,
    ]);
  });

  it.each([
    ['no merge request at all', []],
    [
      "only a fork's merge request from a branch of the same name",
      [{ iid: 3, state: 'closed', source_project_id: FORK_ID }],
    ],
  ])(
    'refuses a branch with %s, saying what to do',
    async (_, mergeRequests) => {
      const api = await gitlabWith(mergeRequests);

      const { error, warn } = await run(api);

      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        "branchName: the branch syntho-ray/aks/syntho/ray-cluster already exists without a merge request (https://gitlab.example.test/branch), so it may hold someone's work. Delete it in GitLab, or open a merge request from it, then run the template again.",
      );
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Kept branch syntho-ray/aks/syntho/ray-cluster',
        ),
      );
      expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
    },
  );

  describe('with the commit this task pushed (ownHead)', () => {
    const OWN_HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

    it('adopts a branch at that commit without a merge request: kept, not deleted', async () => {
      const api = await gitlabWith([], { head: OWN_HEAD });

      const { ctx, error } = await run(api, { ownHead: OWN_HEAD });

      expect(error).toBeUndefined();
      expect((ctx.output as jest.Mock).mock.calls).toEqual([['adopted', true]]);
      expect(calls(api.received)).toEqual([
        `GET ${branchUrl}`,
        `GET ${projectUrl}`,
        `GET ${mergeRequestsUrl}`,
      ]);
    });

    it('refuses a branch without a merge request that moved past it, saying where each is', async () => {
      const api = await gitlabWith([], {
        head: '0123456789abcdef0123456789abcdef01234567',
      });

      const { ctx, error } = await run(api, { ownHead: OWN_HEAD });

      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        "branchName: the branch syntho-ray/aks/syntho/ray-cluster already exists without a merge request (https://gitlab.example.test/branch), so it may hold someone's work (it is at 01234567, not at c0ffee00, the commit this task pushed to it). Delete it in GitLab, or open a merge request from it, then run the template again.",
      );
      expect(ctx.output).not.toHaveBeenCalled();
      expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
    });

    it("adopts a branch at that commit whose only merge request is a fork's", async () => {
      const api = await gitlabWith(
        [{ iid: 3, state: 'opened', source_project_id: FORK_ID }],
        { head: OWN_HEAD },
      );

      const { ctx, error } = await run(api, { ownHead: OWN_HEAD });

      // A fork's merge request says nothing about our branch.
      expect(error).toBeUndefined();
      expect((ctx.output as jest.Mock).mock.calls).toEqual([['adopted', true]]);
    });

    it('treats a branch with merge requests of its own as without ownHead', async () => {
      const api = await gitlabWith([{ iid: 3, state: 'closed' }]);

      const { ctx, error } = await run(api, {
        ownHead: mergeRequest(3).sha,
      });

      expect(error).toBeUndefined();
      expect((ctx.output as jest.Mock).mock.calls).toEqual([
        [
          'closedMergeRequestUrl',
          'https://gitlab.example.test/acme/gitops/-/merge_requests/3',
        ],
      ]);
      expect(calls(api.received)).toContain(`DELETE ${branchUrl}`);
    });
  });

  it('keeps a branch whose head moved after its last merge request', async () => {
    const api = await gitlabWith(
      [
        { iid: 3, state: 'closed' },
        {
          iid: 2,
          state: 'merged',
          sha: 'ffffffffffffffffffffffffffffffffffffffff',
        },
      ],
      { head: '0123456789abcdef0123456789abcdef01234567' },
    );

    const { error } = await run(api);

    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      'branchName: the branch syntho-ray/aks/syntho/ray-cluster has moved since its last merge request https://gitlab.example.test/acme/gitops/-/merge_requests/3 (which ended at a1b2c3d4; the branch is at 01234567), so it holds commits nobody reviewed. Open a merge request from it, or delete it in GitLab, then run the template again.',
    );
    expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
  });

  it('keeps a branch whose last merge request does not say where it ended', async () => {
    const api = await gitlabWith([{ iid: 3, state: 'closed', sha: null }]);

    const { error } = await run(api);

    expect(error.message).toContain('(which ended at unknown;');
    expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
  });

  it('keeps a protected branch', async () => {
    const api = await gitlabWith([{ iid: 3, state: 'closed' }], {
      isProtected: true,
    });

    const { error } = await run(api);

    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain(
      'GitLab protects the branch syntho-ray/aks/syntho/ray-cluster',
    );
    expect(calls(api.received)).not.toContain(`DELETE ${branchUrl}`);
  });

  it.each([
    [
      400,
      'You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.',
    ],
    [403, '403 Forbidden'],
    [405, 'Protected branch cant be removed'],
  ])(
    'fails clearly, changing nothing, when GitLab answers %i to the deletion',
    async (status, message) => {
      const api = await gitlabWith([{ iid: 3, state: 'closed' }], {
        deleteAnswer: { status, body: { message } },
      });

      const { ctx, error, warn } = await run(api);

      expect(error.name).toBe('GitLabApiError');
      expect(error.message).toMatch(
        /^GitLab refused to delete the branch syntho-ray\/aks\/syntho\/ray-cluster \(GitLab answered \d+ .*\); nothing was changed\. Delete it in GitLab, or give the integration token the right to, then run the template again\.$/,
      );
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('glpat-test-token');
      expect(warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'Kept branch syntho-ray/aks/syntho/ray-cluster',
        ),
      );
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it('does nothing when the branch does not exist', async () => {
    const api = await gitlabApi(() => ({
      status: 404,
      body: { message: '404 Branch Not Found' },
    }));

    const { ctx, error } = await run(api);

    expect(error).toBeUndefined();
    expect(calls(api.received)).toEqual([`GET ${branchUrl}`]);
    expect(ctx.output).not.toHaveBeenCalled();
  });
});
