import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonValue } from '@backstage/types';
import {
  branchName,
  calls,
  gitlabApi,
  Received,
  repoUrl,
} from './__testUtils__/gitlabApi';
import {
  commitCheckpointKey,
  commitThisTaskMade,
  gitlabPublisher,
} from './publishToGitLab';

/**
 * The GitLab half of the publish step with the real built-in actions against a fake GitLab, run
 * twice in one task as the scaffolder runs a step again after recovering a task from a crash: with
 * the checkpoints the first run recorded. This is where the adoption rule lives; test/src's
 * taskRecovery test kills a real backend at the same point.
 */

const HEAD_OF_MAIN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SOMEONE_ELSES = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const MR_URL = 'https://gitlab.example.test/acme/gitops/-/merge_requests/5';

/** A GitLab project acme/gitops: its branches' heads and its merge requests. */
async function fakeGitLab() {
  const heads = new Map([['main', HEAD_OF_MAIN]]);
  const mergeRequests: Array<Record<string, unknown>> = [];
  let commits = 0;
  /** Answer the next merge request creation with a 500 (the interrupted first run). */
  const gitlab = { failNextMergeRequest: false };
  const api = await gitlabApi(({ method, url, body }: Received) => {
    const [pathname, query] = url.split('?');
    const path = decodeURIComponent(pathname).replace(
      /^\/api\/v4\/projects\/acme\/gitops/,
      '',
    );
    const params = new URLSearchParams(query);
    // The project itself: gitlabApi answers it.
    if (path === '') return undefined;
    if (method === 'GET' && path === '/api/v4/users')
      return {
        status: 200,
        body: [{ id: 42, username: params.get('username') }],
      };
    if (method === 'GET' && path === '/repository/tree')
      return { status: 200, body: [] };
    if (method === 'GET' && path === '/merge_requests')
      return {
        status: 200,
        body: mergeRequests.filter(
          mr =>
            mr.source_branch === params.get('source_branch') &&
            (params.get('state') === 'all' || mr.state === params.get('state')),
        ),
      };
    const branch = /^\/repository\/branches\/(.+)$/.exec(path)?.[1];
    if (branch && method === 'GET')
      return heads.has(branch)
        ? {
            status: 200,
            body: {
              name: branch,
              protected: false,
              web_url: `https://gitlab.example.test/acme/gitops/-/tree/${branch}`,
              commit: { id: heads.get(branch) },
            },
          }
        : { status: 404, body: { message: '404 Branch Not Found' } };
    if (branch && method === 'DELETE') {
      heads.delete(branch);
      return { status: 204 };
    }
    if (method === 'POST' && path === '/repository/branches') {
      heads.set(body.branch, heads.get(body.ref)!);
      return { status: 201, body: { name: body.branch } };
    }
    if (method === 'POST' && path === '/repository/commits') {
      const id = String(++commits).padStart(40, 'c');
      heads.set(body.branch, id);
      return { status: 201, body: { id } };
    }
    if (method === 'POST' && path === '/merge_requests') {
      if (gitlab.failNextMergeRequest) {
        gitlab.failNextMergeRequest = false;
        return { status: 500, body: { message: 'the backend crashed' } };
      }
      mergeRequests.push({
        iid: 5,
        state: 'opened',
        web_url: MR_URL,
        source_branch: body.source_branch,
        source_project_id: 12,
        target_project_id: 12,
        sha: heads.get(body.source_branch),
      });
      return { status: 201, body: mergeRequests.at(-1) };
    }
    return { status: 500, body: { message: `unexpected ${method} ${url}` } };
  });
  return Object.assign(gitlab, { api, heads, mergeRequests });
}

/**
 * A task's checkpoints as the scaffolder keeps them: a run of the step sees what the runs before
 * it recorded (read as it starts), replays a success, and runs the function of anything else.
 */
function taskCheckpoints() {
  const recorded = new Map<
    string,
    { status: 'success' | 'failed'; value?: JsonValue }
  >();
  return {
    recorded,
    forRun() {
      const previous = new Map(recorded);
      return async ({ key, fn }: { key: string; fn: () => any }) => {
        const before = previous.get(key);
        if (before?.status === 'success') return before.value;
        try {
          const value = await fn();
          recorded.set(key, { status: 'success', value: value ?? {} });
          return value;
        } catch (error) {
          recorded.set(key, { status: 'failed' });
          throw error;
        }
      };
    },
  };
}

describe('syntho:rayCluster:publish on GitLab, run again in the same task', () => {
  let gitlab: Awaited<ReturnType<typeof fakeGitLab>>;
  let checkpoints: ReturnType<typeof taskCheckpoints>;
  const mockDir = createMockDirectory();

  beforeEach(async () => {
    gitlab = await fakeGitLab();
    checkpoints = taskCheckpoints();
    mockDir.setContent({
      gitops: { 'cluster.yaml': 'kind: RayCluster\n', 'values.yaml': 'a: 1\n' },
    });
  });
  afterEach(() => gitlab.api.close());

  /** One run of the step; its outputs, or its error. */
  async function publishRun() {
    const publishToGitLab = gitlabPublisher({
      integrations: gitlab.api.integrations,
      requireScmUserCredentials: false,
    });
    const ctx = {
      ...createMockActionContext({
        input: {
          repoUrl,
          branchName,
          targetBranchName: 'main',
          title: 'Ray cluster ray-cluster in syntho on aks',
          description: 'Requested by user:default/jane',
          sourcePath: 'gitops',
          targetPath: 'clusters/aks/syntho/ray-cluster',
          reviewers: ['platform-oncall'],
          labels: ['syntho-ray'],
        },
        workspacePath: mockDir.path,
      }),
      checkpoint: checkpoints.forRun(),
    } as any;
    const before = gitlab.api.received.length;
    const result = await publishToGitLab(ctx).then(
      published => ({ published, error: undefined }),
      (error: Error) => ({ published: undefined, error }),
    );
    return {
      ...result,
      writes: calls(gitlab.api.received.slice(before)).filter(
        call => !call.startsWith('GET'),
      ),
    };
  }

  /** The first run, stopped after the branch was pushed and before the merge request was opened. */
  async function interruptedRun() {
    gitlab.failNextMergeRequest = true;
    const first = await publishRun();
    expect(first.error).toBeInstanceOf(InputError);
    // The fake's first commit.
    expect(gitlab.heads.get(branchName)).toBe(`${'c'.repeat(39)}1`);
    expect(gitlab.mergeRequests).toEqual([]);
    return gitlab.heads.get(branchName)!;
  }

  it("records the branch's commit under the key commitThisTaskMade reads", async () => {
    const head = await interruptedRun();

    const key = commitCheckpointKey(
      repoUrl,
      branchName,
      gitlab.api.integrations,
    );
    expect(key).toBe(`commit.to.acme/gitops.${branchName}`);
    expect(checkpoints.recorded.get(key)).toEqual({
      status: 'success',
      value: head,
    });
    expect(
      await commitThisTaskMade({ checkpoint: checkpoints.forRun() }, key),
    ).toBe(head);
  });

  it('opens the merge request from the branch its interrupted run pushed, committing once', async () => {
    const head = await interruptedRun();

    const again = await publishRun();

    expect(again.error).toBeUndefined();
    expect(again.published).toEqual({ url: MR_URL, number: 5, warning: '' });
    // No branch, commit or deletion again: only the merge request.
    expect(again.writes).toEqual([
      'POST /api/v4/projects/acme%2Fgitops/merge_requests',
    ]);
    expect(gitlab.heads.get(branchName)).toBe(head);
    expect(gitlab.mergeRequests).toEqual([
      expect.objectContaining({ source_branch: branchName, sha: head }),
    ]);
  });

  it('refuses the branch when someone pushed to it after the interruption', async () => {
    await interruptedRun();
    gitlab.heads.set(branchName, SOMEONE_ELSES);

    const again = await publishRun();

    expect(again.error).toBeInstanceOf(InputError);
    expect(again.error?.message).toMatch(
      /already exists without a merge request .* so it may hold someone's work \(it is at eeeeeeee, not at cccccccc, the commit this task pushed to it\)/,
    );
    expect(again.writes).toEqual([]);
    expect(gitlab.heads.get(branchName)).toBe(SOMEONE_ELSES);
  });

  it('refuses a branch without a merge request in a first run, as ever', async () => {
    gitlab.heads.set(branchName, SOMEONE_ELSES);

    const first = await publishRun();

    expect(first.error?.message).toMatch(
      /already exists without a merge request .* so it may hold someone's work\. /,
    );
    expect(first.writes).toEqual([]);
  });

  it('stops, opening no merge request without the files, when the pushed branch is gone', async () => {
    await interruptedRun();
    gitlab.heads.delete(branchName);

    const again = await publishRun();

    expect(again.error).toBeInstanceOf(ConflictError);
    expect(again.error?.message).toMatch(
      /this task already pushed commit cccccccc to syntho-ray\/aks\/syntho\/ray-cluster/,
    );
    expect(again.writes).toEqual([]);
    expect(gitlab.mergeRequests).toEqual([]);
  });

  it('reads no commit when the checkpoint holds none, or what the action records for nothing', async () => {
    const key = 'commit.to.acme/gitops.syntho-ray/x';
    expect(
      await commitThisTaskMade({ checkpoint: checkpoints.forRun() }, key),
    ).toBeUndefined();
    // The read leaves the checkpoint without a value for the action to fill.
    expect(checkpoints.recorded.get(key)).toEqual({ status: 'failed' });
    checkpoints.recorded.set(key, { status: 'success', value: {} });
    expect(
      await commitThisTaskMade({ checkpoint: checkpoints.forRun() }, key),
    ).toBeUndefined();
  });
});
