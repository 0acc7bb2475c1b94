import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import { parse } from 'yaml';
import { GitHubApiError } from './githubPullRequest';
import { createPublishAction } from './publish';

/**
 * The actions the publish step runs inside itself, replaced by fakes that record what they were
 * given and answer as told: this tests the order, inputs and outputs of the sub-steps. What the
 * built-in actions and the merge request actions send to GitHub and GitLab is tested by their own
 * tests and by test/src/scaffolder, which runs the template against stand-ins of both hosts.
 */
interface MockRun {
  id: string;
  input: any;
  ctx: any;
}
const mockRuns: MockRun[] = [];
const mockAnswers = new Map<string, Record<string, unknown>>();
const mockFailures = new Map<string, Error>();
const mockFactoryOptions = new Map<string, any>();
/** Input schemas a fake action has, as the real ones do: none unless a test sets one. */
const mockSchemas = new Map<string, object>();
/** The labels the pull request has when publish reads them back, or why GitHub did not answer. */
let mockLabels: string[] | Error = [];
/** How many commits the cluster's branch has over the target branch, or GitHub's refusal. */
let mockAheadBy: number | Error = 1;
/** The message of the branch's one commit over the target branch. */
let mockCommitMessage = 'Ray cluster ray-cluster in syntho on aks';
/** Whether the branch exists when the comparison answers 404. */
let mockBranchExists = false;
/** What publish asked GitHub's repository API, by route. */
const mockRepositoryCalls: string[] = [];
/** Called as a fake action starts. */
let mockOnRun: (() => void) | undefined;
/** Checkpoints an earlier run of the step in the same task recorded, by key: replayed. */
const mockCheckpoints = new Map<string, unknown>();

function mockAction(id: string, options?: unknown) {
  mockFactoryOptions.set(id, options);
  return {
    id,
    get schema() {
      const input = mockSchemas.get(id);
      return input && { input };
    },
    async handler(ctx: any) {
      mockRuns.push({ id, input: ctx.input, ctx });
      mockOnRun?.();
      const failure = mockFailures.get(id);
      if (failure) throw failure;
      for (const [name, value] of Object.entries(mockAnswers.get(id) ?? {}))
        ctx.output(name, value);
    },
  };
}

jest.mock('@backstage/plugin-scaffolder-backend-module-github', () => ({
  createPublishGithubPullRequestAction: (options: unknown) =>
    mockAction('publish:github:pull-request', options),
  createGithubIssuesLabelAction: (options: unknown) =>
    mockAction('github:issues:label', options),
}));
jest.mock('@backstage/plugin-scaffolder-backend-module-gitlab', () => ({
  createPublishGitlabMergeRequestAction: (options: unknown) =>
    mockAction('publish:gitlab:merge-request', options),
  createGitlabRepoPushAction: (options: unknown) =>
    mockAction('gitlab:repo:push', options),
}));
jest.mock('./checkReviewers', () => ({
  createCheckReviewersAction: (options: unknown) =>
    mockAction('syntho:rayCluster:checkReviewers', options),
}));
jest.mock('./findMergeRequest', () => ({
  createFindMergeRequestAction: (options: unknown) =>
    mockAction('syntho:rayCluster:findMergeRequest', options),
}));
jest.mock('./githubPullRequest', () => {
  const actual = jest.requireActual('./githubPullRequest');
  return {
    GitHubApiError: actual.GitHubApiError,
    githubRepository: async () => ({
      request: async (route: string) => {
        mockRepositoryCalls.push(route);
        if (route === '') return { default_branch: 'trunk' };
        if (route.startsWith('git/ref/')) {
          if (mockBranchExists) return {};
          throw new actual.GitHubApiError('GitHub answered 404 Not Found', 404);
        }
        if (typeof mockAheadBy === 'number')
          return {
            ahead_by: mockAheadBy,
            commits: [{ commit: { message: mockCommitMessage } }],
          };
        throw mockAheadBy;
      },
    }),
    githubPullRequest: async () => ({
      labels: async () => {
        if (mockLabels instanceof Error) throw mockLabels;
        return mockLabels;
      },
    }),
  };
});
jest.mock('./updateMergeRequest', () => ({
  createUpdateMergeRequestAction: (options: unknown) =>
    mockAction('syntho:rayCluster:updateMergeRequest', options),
}));
jest.mock('./deleteStaleBranch', () => ({
  createDeleteStaleBranchAction: (options: unknown) =>
    mockAction('syntho:rayCluster:deleteStaleBranch', options),
}));

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: 'ghp_unitTestToken' }],
      gitlab: [
        {
          host: 'gitlab.example.test',
          apiBaseUrl: 'https://gitlab.example.test/api/v4',
          token: 'glpat-unitTestToken',
        },
      ],
      bitbucketServer: [{ host: 'bitbucket.example.test' }],
    },
  }),
);

const request = {
  branchName: 'syntho-ray/aks/syntho/ray-cluster',
  targetBranchName: 'main',
  title: 'Ray cluster ray-cluster in syntho on aks',
  description: 'Requested by `user:default/jane` …',
  sourcePath: 'gitops',
  targetPath: 'clusters/aks/syntho/ray-cluster',
  reviewers: ['alice'],
  teamReviewers: ['platform-team'],
  labels: ['syntho-ray', 'needs-review'],
};
const githubRequest = {
  repoUrl: 'github.com?owner=acme&repo=gitops',
  ...request,
};
const gitlabRequest = {
  repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
  ...request,
  teamReviewers: [],
  reviewers: ['platform-oncall'],
};
const PR_URL = 'https://github.com/acme/gitops/pull/3';
const MR_URL = (iid: number) =>
  `https://gitlab.example.test/acme/gitops/-/merge_requests/${iid}`;

/** Runs the publish action; its outputs, the sub-steps that ran, and what it logged. */
async function publish(
  input: Record<string, unknown>,
  config: ConstructorParameters<typeof ConfigReader>[0] = {},
  /** Cancel the task as the first sub-step runs. */
  cancel = false,
) {
  const action = createPublishAction({
    integrations,
    config: new ConfigReader(config),
  });
  const controller = new AbortController();
  const signal = controller.signal;
  mockOnRun = cancel ? () => controller.abort() : undefined;
  const checkpoint = jest.fn(
    async ({ key, fn }: { key: string; fn: () => unknown }) =>
      mockCheckpoints.has(key) ? mockCheckpoints.get(key) : fn(),
  );
  const ctx = {
    ...createMockActionContext({ input: input as any }),
    signal,
    checkpoint,
  } as any;
  const info = jest.spyOn(ctx.logger, 'info');
  const outcome = await action.handler(ctx).then(
    () => undefined,
    (error: Error) => error,
  );
  return {
    ctx,
    error: outcome,
    outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
    ran: mockRuns.map(run => run.id),
    inputs: Object.fromEntries(mockRuns.map(run => [run.id, run.input])),
    logged: info.mock.calls.map(([message]) => message),
  };
}

beforeEach(() => {
  mockCheckpoints.clear();
  mockRuns.length = 0;
  mockAnswers.clear();
  mockFailures.clear();
  mockSchemas.clear();
  mockAheadBy = 1;
  mockCommitMessage = 'Ray cluster ray-cluster in syntho on aks';
  mockBranchExists = false;
  mockRepositoryCalls.length = 0;
  mockLabels = ['syntho-ray', 'Needs-Review', 'do-not-merge'];
  mockAnswers.set('publish:github:pull-request', {
    targetBranchName: 'main',
    remoteUrl: PR_URL,
    pullRequestNumber: 3,
  });
  mockAnswers.set('syntho:rayCluster:checkReviewers', {
    missingReviewers: [],
    missingTeamReviewers: [],
    warning: '',
  });
  mockAnswers.set('syntho:rayCluster:updateMergeRequest', {
    mergeRequestUrl: MR_URL(7),
  });
  mockAnswers.set('gitlab:repo:push', {
    projectid: 'acme/gitops',
    projectPath: 'acme/gitops',
    commitHash: '0123456789abcdef',
  });
  mockAnswers.set('publish:gitlab:merge-request', {
    targetBranchName: 'main',
    projectid: 'acme/gitops',
    projectPath: 'acme/gitops',
    mergeRequestUrl: MR_URL(8),
  });
});

describe('syntho:rayCluster:publish on GitHub', () => {
  it('opens or updates the pull request, checks its reviewers and labels it, in that order', async () => {
    const { error, ran, inputs, outputs, logged } = await publish(
      githubRequest,
    );

    expect(error).toBeUndefined();
    expect(ran).toEqual([
      'publish:github:pull-request',
      'syntho:rayCluster:checkReviewers',
      'github:issues:label',
    ]);
    expect(inputs['publish:github:pull-request']).toEqual({
      repoUrl: 'github.com?owner=acme&repo=gitops',
      branchName: 'syntho-ray/aks/syntho/ray-cluster',
      targetBranchName: 'main',
      title: 'Ray cluster ray-cluster in syntho on aks',
      description: 'Requested by `user:default/jane` …',
      commitMessage: 'Ray cluster ray-cluster in syntho on aks',
      sourcePath: 'gitops',
      targetPath: 'clusters/aks/syntho/ray-cluster',
      reviewers: ['alice'],
      teamReviewers: ['platform-team'],
      update: true,
    });
    expect(inputs['syntho:rayCluster:checkReviewers']).toEqual({
      repoUrl: 'github.com?owner=acme&repo=gitops',
      pullRequestNumber: 3,
      reviewers: ['alice'],
      teamReviewers: ['platform-team'],
    });
    expect(inputs['github:issues:label']).toEqual({
      repoUrl: 'github.com?owner=acme&repo=gitops',
      number: 3,
      labels: ['syntho-ray', 'needs-review'],
    });
    expect(outputs).toEqual({ url: PR_URL, number: 3, warning: '' });
    expect(logged).toEqual([
      `Opened or updated pull request #3: ${PR_URL}`,
      'Pull request #3 has its labels: syntho-ray, needs-review',
    ]);
  });

  it("checks the branch against the target branch, or the repository's default one", async () => {
    await publish(githubRequest);
    await publish({ ...githubRequest, targetBranchName: undefined });

    expect(mockRepositoryCalls).toEqual([
      'compare/main...syntho-ray%2Faks%2Fsyntho%2Fray-cluster?per_page=1',
      '',
      'compare/trunk...syntho-ray%2Faks%2Fsyntho%2Fray-cluster?per_page=1',
    ]);
  });

  it('publishes when the branch does not exist yet', async () => {
    mockAheadBy = new GitHubApiError('GitHub answered 404 Not Found', 404);

    const { error, ran } = await publish(githubRequest);

    expect(error).toBeUndefined();
    expect(ran[0]).toBe('publish:github:pull-request');
  });

  it('refuses to force-push over commits someone else pushed to the branch', async () => {
    mockAheadBy = 3;

    const { error, ran, outputs } = await publish(githubRequest);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error!.message).toBe(
      'branchName: syntho-ray/aks/syntho/ray-cluster on github.com has 3 commits over main, but a run of this template leaves one: someone pushed to it, and updating the pull request would force-push their commits away. Merge or close its pull request, or take the commits elsewhere and delete the branch, then request again.',
    );
    expect(ran).toEqual([]);
    expect(outputs).toEqual({});
  });

  it('refuses a branch that shares no history with the target branch, which GitHub compares with a 404', async () => {
    mockAheadBy = new GitHubApiError('GitHub answered 404 Not Found', 404);
    mockBranchExists = true;

    const { error, ran } = await publish(githubRequest);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error!.message).toMatch(
      /^branchName: syntho-ray\/aks\/syntho\/ray-cluster on github.com shares no history with main: it is not a branch a run of this template made/,
    );
    expect(ran).toEqual([]);
    expect(mockRepositoryCalls).toContain(
      'git/ref/heads/syntho-ray/aks/syntho/ray-cluster',
    );
  });

  it("refuses a branch whose one commit is not a run's, and quotes its message", async () => {
    mockCommitMessage = 'Reviewer: squash\u2028<b>fix</b>';

    const { error, ran } = await publish(githubRequest);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error!.message).toContain(
      'holds one commit over main, "Reviewer: squash\\u2028<b>fix</b>", which is not the commit a run of this template makes',
    );
    expect(ran).toEqual([]);
  });

  it('stops when GitHub cannot say what the branch holds', async () => {
    const refusal = new GitHubApiError('GitHub answered 502 Bad Gateway', 502);
    mockAheadBy = refusal;

    const { error, ran } = await publish(githubRequest);

    expect(error).toBe(refusal);
    expect(ran).toEqual([]);
  });

  it('outputs the warning about reviewers GitHub did not add', async () => {
    const warning =
      '**Warning:** GitHub did not add the reviewers users `alice` to this pull request.';
    mockAnswers.set('syntho:rayCluster:checkReviewers', {
      missingReviewers: ['alice'],
      missingTeamReviewers: [],
      warning,
    });

    const { outputs } = await publish(githubRequest);

    expect(outputs.warning).toBe(warning);
  });

  it.each([
    [
      'no reviewers',
      { reviewers: [], teamReviewers: [] },
      ['publish:github:pull-request', 'github:issues:label'],
    ],
    [
      'no labels',
      { labels: [] },
      ['publish:github:pull-request', 'syntho:rayCluster:checkReviewers'],
    ],
    [
      'neither',
      { reviewers: undefined, teamReviewers: undefined, labels: undefined },
      ['publish:github:pull-request'],
    ],
  ])('with %s, skips what has nothing to do', async (_, change, expected) => {
    const { error, ran, outputs } = await publish({
      ...githubRequest,
      ...change,
    });

    expect(error).toBeUndefined();
    expect(ran).toEqual(expected);
    expect(outputs.warning).toBe('');
  });

  it('checks a team reviewer alone', async () => {
    const { ran } = await publish({
      ...githubRequest,
      reviewers: [],
      labels: [],
    });

    expect(ran).toEqual([
      'publish:github:pull-request',
      'syntho:rayCluster:checkReviewers',
    ]);
  });

  it('runs each sub-step in the same workspace, log, checkpoints, cancellation and user', async () => {
    const { ctx } = await publish(githubRequest);

    for (const run of mockRuns) {
      expect(run.ctx.workspacePath).toBe(ctx.workspacePath);
      expect(run.ctx.logger).toBe(ctx.logger);
      expect(run.ctx.checkpoint).toBe(ctx.checkpoint);
      expect(run.ctx.signal).toBe(ctx.signal);
      expect(run.ctx.task).toBe(ctx.task);
      expect(run.ctx.output).not.toBe(ctx.output);
    }
  });

  it('builds the built-in actions with the options their own module gives them', async () => {
    await publish(githubRequest, {
      scaffolder: { requireScmUserCredentials: true },
    });

    const pullRequest = mockFactoryOptions.get('publish:github:pull-request');
    expect(pullRequest).toMatchObject({
      integrations,
      requireScmUserCredentials: true,
    });
    expect(
      pullRequest.config.getBoolean('scaffolder.requireScmUserCredentials'),
    ).toBe(true);
    expect(pullRequest.githubCredentialsProvider).toBeDefined();
    expect(mockFactoryOptions.get('github:issues:label')).toMatchObject({
      requireScmUserCredentials: true,
      githubCredentialsProvider: pullRequest.githubCredentialsProvider,
    });
    expect(mockFactoryOptions.get('publish:gitlab:merge-request')).toEqual({
      integrations,
      requireScmUserCredentials: true,
    });
  });

  /** What publish:github:pull-request throws: its own error around Octokit's, with the status. */
  const pullRequestFailure = (status: number | undefined, message: string) =>
    Object.assign(
      new Error(`Pull request creation failed; caused by ${message}`),
      {
        cause: Object.assign(new Error(message), { status }),
      },
    );

  it.each([401, 403, 404, 422])(
    'says which token and keys to check when GitHub answers %i, and stops',
    async status => {
      const failure = pullRequestFailure(
        status,
        'HttpError: Resource not accessible by integration',
      );
      mockFailures.set('publish:github:pull-request', failure);

      const { error, ran } = await publish(githubRequest);

      expect(error).toBeInstanceOf(InputError);
      expect(error!.message).toBe(
        'GitHub (github.com) did not open or update the pull request from syntho-ray/aks/syntho/ray-cluster (Pull request creation failed; caused by HttpError: Resource not accessible by integration): check that the token of the integrations.github entry with host github.com may push to the repository of synthoRay.gitops.repoUrl and open pull requests in it, and that synthoRay.gitops.branch names a branch there.',
      );
      // The task page shows the stack: the message alone, the cause kept for the logs.
      expect(error!.stack).toBe(error!.message);
      expect((error as InputError).cause).toBe(failure);
      expect(ran).toEqual(['publish:github:pull-request']);
    },
  );

  it.each([
    ['a 502 with a proxy page', 502],
    ['no answer', undefined],
  ])(
    'gives no token advice for %s, and cuts the text short',
    async (_, status) => {
      const page = `HttpError: <html><body>${'Bad gateway '.repeat(
        200,
      )}</body></html>`;
      const failure = pullRequestFailure(status, page);
      mockFailures.set('publish:github:pull-request', failure);

      const { error } = await publish(githubRequest);

      expect(error).not.toBeInstanceOf(InputError);
      expect(error!.message).toMatch(
        /^GitHub \(github\.com\) did not open or update the pull request from syntho-ray\/aks\/syntho\/ray-cluster \(Pull request creation failed; caused by HttpError: <html><body>Bad gateway .*…\): GitHub failed or did not answer; run the request again later \(a re-run updates the same pull request\)\.$/,
      );
      expect(error!.message).not.toContain('token');
      expect(error!.message.length).toBeLessThan(600);
      expect(error!.stack).toBe(error!.message);
      expect((error as Error & { cause: unknown }).cause).toBe(failure);
    },
  );

  it('passes a cancelled task on as it is', async () => {
    const cancelled = new Error('The operation was aborted');
    mockFailures.set('publish:github:pull-request', cancelled);

    const { error } = await publish(githubRequest, {}, true);

    expect(error).toBe(cancelled);
  });

  it('warns about labels GitHub did not set, since github:issues:label only logs it', async () => {
    mockLabels = ['syntho-ray'];
    const reviewersWarning =
      '**Warning:** GitHub did not add the reviewers users `alice` to this pull request.';
    mockAnswers.set('syntho:rayCluster:checkReviewers', {
      missingReviewers: ['alice'],
      missingTeamReviewers: [],
      warning: reviewersWarning,
    });

    const { error, outputs } = await publish(githubRequest);

    expect(error).toBeUndefined();
    expect(outputs.warning).toBe(
      `${reviewersWarning}\n\n**Warning:** GitHub did not set the labels \`needs-review\` on this pull request. The token of the integrations.github entry with host github.com needs write access to the repository's issues (issues: write), and each label must exist in the repository or be one the token may create. Set them on the pull request by hand, and fix the token, the repository's labels or synthoRay.gitops.labels.`,
    );
  });

  it('warns when the labels cannot be read back, and still outputs the pull request', async () => {
    mockLabels = new Error(
      'GitHub answered 502 Bad Gateway to GET issues/3/labels',
    );

    const { error, outputs } = await publish(githubRequest);

    expect(error).toBeUndefined();
    expect(outputs.url).toBe(PR_URL);
    expect(outputs.warning).toBe(
      '**Warning:** the labels `syntho-ray`, `needs-review` of this pull request could not be read back (GitHub answered 502 Bad Gateway to GET issues/3/labels): check them on the pull request, and set any that is missing by hand.',
    );
  });

  it("refuses an input the built-in action's schema does not take, before calling it", async () => {
    // As if an upgrade of the GitHub module renamed branchName.
    mockSchemas.set('publish:github:pull-request', {
      type: 'object',
      required: ['repoUrl', 'sourceBranch'],
      additionalProperties: false,
      properties: {
        repoUrl: { type: 'string' },
        sourceBranch: { type: 'string' },
      },
    });

    const { error, ran } = await publish(githubRequest);

    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toContain(
      'Invalid input passed to action publish:github:pull-request by syntho:rayCluster:publish: instance requires property "sourceBranch", instance is not allowed to have the additional property "branchName"',
    );
    expect(ran).toEqual([]);
  });

  it('passes an input the action schema takes', async () => {
    mockSchemas.set('github:issues:label', {
      type: 'object',
      required: ['repoUrl', 'number', 'labels'],
      additionalProperties: false,
      properties: {
        repoUrl: { type: 'string' },
        number: { type: 'number' },
        labels: { type: 'array', items: { type: 'string' } },
      },
    });

    const { error, ran } = await publish(githubRequest);

    expect(error).toBeUndefined();
    expect(ran).toContain('github:issues:label');
  });

  it("passes the built-in action's own InputError on as it is", async () => {
    const refusal = new InputError(
      'No token available for host: github.com, with owner acme, and repo gitops.',
    );
    mockFailures.set('publish:github:pull-request', refusal);

    const { error } = await publish(githubRequest);

    expect(error).toBe(refusal);
  });
});

describe('syntho:rayCluster:publish on GitLab', () => {
  it('opens a merge request after clearing a stale branch, when none is open', async () => {
    const { error, ran, inputs, outputs, logged } = await publish(
      gitlabRequest,
    );

    expect(error).toBeUndefined();
    expect(ran).toEqual([
      'syntho:rayCluster:findMergeRequest',
      'syntho:rayCluster:deleteStaleBranch',
      'publish:gitlab:merge-request',
    ]);
    const branch = {
      repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
      branchName: 'syntho-ray/aks/syntho/ray-cluster',
    };
    expect(inputs['syntho:rayCluster:findMergeRequest']).toEqual(branch);
    expect(inputs['syntho:rayCluster:deleteStaleBranch']).toEqual({
      ...branch,
      targetBranchName: 'main',
    });
    expect(inputs['publish:gitlab:merge-request']).toEqual({
      ...branch,
      targetBranchName: 'main',
      title: 'Ray cluster ray-cluster in syntho on aks',
      description: 'Requested by `user:default/jane` …',
      sourcePath: 'gitops',
      targetPath: 'clusters/aks/syntho/ray-cluster',
      labels: ['syntho-ray', 'needs-review'],
      reviewers: ['platform-oncall'],
      removeSourceBranch: true,
    });
    expect(outputs).toEqual({ url: MR_URL(8), number: 8, warning: '' });
    expect(logged).toContain(`Opened merge request !8: ${MR_URL(8)}`);
  });

  it('pushes to the open merge request and updates its text when the request runs again', async () => {
    mockAnswers.set('syntho:rayCluster:findMergeRequest', {
      mergeRequestUrl: MR_URL(7),
      mergeRequestIid: 7,
    });

    const { error, ran, inputs, outputs, logged } = await publish(
      gitlabRequest,
    );

    expect(error).toBeUndefined();
    expect(ran).toEqual([
      'syntho:rayCluster:findMergeRequest',
      'gitlab:repo:push',
      'syntho:rayCluster:updateMergeRequest',
    ]);
    expect(inputs['gitlab:repo:push']).toEqual({
      repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
      branchName: 'syntho-ray/aks/syntho/ray-cluster',
      commitMessage: 'Ray cluster ray-cluster in syntho on aks',
      sourcePath: 'gitops',
      targetPath: 'clusters/aks/syntho/ray-cluster',
    });
    expect(inputs['syntho:rayCluster:updateMergeRequest']).toEqual({
      repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
      mergeRequestIid: 7,
      title: 'Ray cluster ray-cluster in syntho on aks',
      description: 'Requested by `user:default/jane` …',
      labels: ['syntho-ray', 'needs-review'],
      reviewers: ['platform-oncall'],
    });
    expect(outputs).toEqual({ url: MR_URL(7), number: 7, warning: '' });
    expect(logged).toContain(
      'Pushed the changed files to syntho-ray/aks/syntho/ray-cluster of merge request !7 (commit 01234567)',
    );
  });

  it('says so when the open merge request already has the files', async () => {
    mockAnswers.set('syntho:rayCluster:findMergeRequest', {
      mergeRequestUrl: MR_URL(7),
      mergeRequestIid: 7,
    });
    mockAnswers.set('gitlab:repo:push', {
      projectid: 'acme/gitops',
      projectPath: 'acme/gitops',
    });

    const { logged, outputs } = await publish(gitlabRequest);

    expect(logged).toContain(
      'The files on syntho-ray/aks/syntho/ray-cluster of merge request !7 are up to date: nothing pushed',
    );
    expect(outputs.url).toBe(MR_URL(7));
  });

  it('opens no merge request when the stale branch must stay, and passes on why', async () => {
    const kept = new ConflictError(
      'branchName: the branch syntho-ray/aks/syntho/ray-cluster has moved since its last merge request',
    );
    mockFailures.set('syntho:rayCluster:deleteStaleBranch', kept);

    const { error, ran, outputs } = await publish(gitlabRequest);

    expect(error).toBe(kept);
    expect(ran).not.toContain('publish:gitlab:merge-request');
    expect(outputs).toEqual({});
  });

  describe('run again after an interruption between the branch and the merge request', () => {
    const OWN_HEAD = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
    beforeEach(() =>
      mockCheckpoints.set(
        'commit.to.acme/gitops.syntho-ray/aks/syntho/ray-cluster',
        OWN_HEAD,
      ),
    );

    it("opens the merge request from the branch, committing nothing again, once it is this task's", async () => {
      mockAnswers.set('syntho:rayCluster:deleteStaleBranch', {
        adopted: true,
      });

      const { error, ran, inputs, outputs } = await publish(gitlabRequest);

      expect(error).toBeUndefined();
      expect(ran).toEqual([
        'syntho:rayCluster:findMergeRequest',
        'syntho:rayCluster:deleteStaleBranch',
        'publish:gitlab:merge-request',
      ]);
      expect(inputs['syntho:rayCluster:deleteStaleBranch']).toEqual({
        repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
        branchName: 'syntho-ray/aks/syntho/ray-cluster',
        targetBranchName: 'main',
        ownHead: OWN_HEAD,
      });
      expect(inputs['publish:gitlab:merge-request']).toMatchObject({
        branchName: 'syntho-ray/aks/syntho/ray-cluster',
        commitAction: 'skip',
      });
      expect(outputs.url).toBe(MR_URL(8));
    });

    it('opens no merge request when the branch with its commit is gone', async () => {
      const { error, ran } = await publish(gitlabRequest);

      expect(error).toBeInstanceOf(ConflictError);
      expect(error?.message).toContain(
        'this task already pushed commit c0ffee00 to syntho-ray/aks/syntho/ray-cluster',
      );
      expect(ran).not.toContain('publish:gitlab:merge-request');
    });
  });

  it('passes no commit of its own, nor commitAction, in a first run', async () => {
    const { inputs } = await publish(gitlabRequest);

    expect(inputs['syntho:rayCluster:deleteStaleBranch']).not.toHaveProperty(
      'ownHead',
    );
    expect(inputs['publish:gitlab:merge-request']).not.toHaveProperty(
      'commitAction',
    );
  });

  it('asks GitLab for no team reviewers, which it has no counterpart for', async () => {
    const { inputs } = await publish({
      ...gitlabRequest,
      teamReviewers: ['platform-team'],
    });

    expect(inputs['publish:gitlab:merge-request']).not.toHaveProperty(
      'teamReviewers',
    );
  });
});

describe('syntho:rayCluster:publish refuses', () => {
  it.each([
    [
      'a host without an integrations entry',
      { repoUrl: 'example.test?owner=acme&repo=gitops' },
      'synthoRay.gitops.repoUrl ("example.test?owner=acme&repo=gitops") names no host with an integrations.github or integrations.gitlab entry, or is not host?owner=<owner>&repo=<repository>: fix it, or add the integrations entry for its host with a token that may push and open pull requests.',
    ],
    [
      'a Bitbucket host',
      { repoUrl: 'bitbucket.example.test?project=acme&repo=gitops' },
      'synthoRay.gitops.repoUrl: bitbucket.example.test is an integrations.bitbucketServer entry; this template publishes to GitHub or GitLab only: point synthoRay.gitops.repoUrl at a repository on a host with an integrations.github or integrations.gitlab entry.',
    ],
    [
      'a Bitbucket host written as GitHub and GitLab take it',
      { repoUrl: 'bitbucket.example.test?owner=acme&repo=gitops' },
      'synthoRay.gitops.repoUrl: bitbucket.example.test is an integrations.bitbucketServer entry; this template publishes to GitHub or GitLab only: point synthoRay.gitops.repoUrl at a repository on a host with an integrations.github or integrations.gitlab entry.',
    ],
    [
      'a branch the template does not open',
      { branchName: 'main' },
      'branchName: "main" is not a branch of this template; its actions only touch branches under syntho-ray/.',
    ],
  ])('%s, naming what to set, before any call', async (_, change, message) => {
    const { error, ran } = await publish({ ...githubRequest, ...change });

    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toBe(message);
    expect(error!.stack).toBe(message);
    expect(ran).toEqual([]);
  });
});

describe('syntho:rayCluster:publish schema', () => {
  const action = createPublishAction({
    integrations,
    config: new ConfigReader({}),
  });

  it("accepts its example's input", () => {
    const [example] = action.examples!;
    const [step] = parse(example.example).steps;
    expect(step.action).toBe('syntho:rayCluster:publish');
    expect(validate(step.input, action.schema!.input!).errors).toEqual([]);
  });

  it('refuses a branch outside the prefix before the handler runs', () => {
    const { errors } = validate(
      { ...githubRequest, branchName: 'main' },
      action.schema!.input!,
    );
    expect(errors.map(e => e.property)).toEqual(['instance.branchName']);
  });
});
