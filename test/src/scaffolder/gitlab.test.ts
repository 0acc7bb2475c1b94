import { parse } from 'yaml';
import { GitLabStandIn } from '../standins/gitlab';
import {
  startScaffolderBackend,
  TaskResult,
  TEMPLATE_STEP_IDS,
  testPolicy,
} from './scaffolderBackend';

jest.setTimeout(120_000);

const GITLAB_TOKEN = 'glpat-standInTokenThatMustNotLeak';

describe('templates/syntho-ray-cluster with a GitLab GitOps repository', () => {
  const gitlab = new GitLabStandIn();
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await gitlab.start();
    gitlab.users.set('platform-oncall', 42);
    ({ runTask } = await startScaffolderBackend({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example.test',
            baseUrl: gitlab.baseUrl,
            apiBaseUrl: `${gitlab.baseUrl}/api/v4`,
            token: GITLAB_TOKEN,
          },
        ],
      },
      synthoRay: testPolicy({
        repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
        labels: ['syntho-ray'],
        reviewers: ['platform-oncall'],
      }),
    }));
  });

  afterAll(() => gitlab.stop());

  beforeEach(() => {
    gitlab.createProject('acme/gitops');
    gitlab.requests.length = 0;
  });

  /** The cluster's values.yaml on its branch, parsed. */
  const valuesOnBranch = () =>
    parse(
      gitlab
        .project('acme/gitops')
        .branches.get('syntho-ray/local/syntho/ray-cluster')!
        .get('clusters/local/syntho/ray-cluster/values.yaml')!,
    );
  /** The writes GitLab received, as `METHOD /path` within the project. */
  const writeCalls = () =>
    gitlab
      .writes()
      .map(r => `${r.method} ${r.url.replace(/^.*\/acme%2Fgitops/, '')}`);

  const request = {
    name: 'ray-cluster',
    owner: 'group:default/data-science',
    targetCluster: 'local',
    namespace: 'syntho',
    size: { preset: 'production' },
  };

  it("opens a merge request with the rendered files and the policy's reviewers", async () => {
    const { task, output, raw, log } = await runTask(request);

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Run completed with status: completed'),
    });
    // The task page lists the spec's steps: no GitHub step shows, skipped, in a GitLab request.
    expect(task.spec.steps.map((step: { id: string }) => step.id)).toEqual(
      TEMPLATE_STEP_IDS,
    );
    expect(log).not.toMatch(/pull request #/i);
    expect(log).toContain(
      'Opened merge request !1: https://gitlab.example.test/acme/gitops/-/merge_requests/1',
    );
    const project = gitlab.project('acme/gitops');
    expect(project.mergeRequests).toEqual([
      expect.objectContaining({
        sourceBranch: 'syntho-ray/local/syntho/ray-cluster',
        targetBranch: 'main',
        title: 'Ray cluster ray-cluster in syntho on local',
        labels: ['syntho-ray'],
        reviewerIds: [42],
        description: expect.stringContaining(
          'Requested by `user:default/jane`',
        ),
      }),
    ]);
    const files = project.branches.get('syntho-ray/local/syntho/ray-cluster')!;
    expect(
      [...files.keys()].filter(path => path.startsWith('clusters/')).sort(),
    ).toEqual([
      'clusters/local/syntho/ray-cluster/application.yaml',
      'clusters/local/syntho/ray-cluster/catalog-info.yaml',
      'clusters/local/syntho/ray-cluster/crds-application.yaml',
      'clusters/local/syntho/ray-cluster/values.yaml',
    ]);
    expect(project.branches.get('main')!.size).toBe(1);
    expect(output.links[0].url).toBe(
      'https://gitlab.example.test/acme/gitops/-/merge_requests/1',
    );
    expect(raw).not.toContain(GITLAB_TOKEN);
  });

  it('updates the same merge request when the request runs again, and pushes only what changed', async () => {
    await runTask(request);
    gitlab.requests.length = 0;
    const { task, output, log, raw } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Run completed with status: completed'),
    });
    const project = gitlab.project('acme/gitops');
    expect(project.mergeRequests).toEqual([
      expect.objectContaining({
        iid: 1,
        state: 'opened',
        updates: 1,
        labels: ['syntho-ray'],
        description: expect.stringContaining('development'),
      }),
    ]);
    expect(valuesOnBranch().worker.disabled).toBe(true);
    expect(log).toMatch(
      /Pushed the changed files to syntho-ray\/local\/syntho\/ray-cluster of merge request !1 \(commit [0-9a-f]{8}\)/,
    );
    // The files first, then the text that describes them; no new branch or merge request.
    expect(writeCalls()).toEqual([
      'POST /repository/commits',
      'PUT /merge_requests/1',
    ]);
    const [commit] = gitlab.writes();
    expect(
      JSON.parse(commit.body).actions.map(
        (a: { action: string; file_path: string }) =>
          `${a.action} ${a.file_path}`,
      ),
    ).toEqual(['update clusters/local/syntho/ray-cluster/values.yaml']);
    expect(output.links[0].url).toBe(
      'https://gitlab.example.test/acme/gitops/-/merge_requests/1',
    );
    expect(raw).not.toContain(GITLAB_TOKEN);
  });

  it("keeps the reviewers set by hand and adds back the policy's when the request runs again", async () => {
    gitlab.users.set('ray-expert', 7);
    await runTask(request);
    // Someone swapped the policy's reviewer for a colleague in GitLab.
    gitlab.project('acme/gitops').mergeRequests[0].reviewerIds = [7];

    const { task, log } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Run completed with status: completed'),
    });
    expect(gitlab.project('acme/gitops').mergeRequests).toEqual([
      expect.objectContaining({ iid: 1, reviewerIds: [7, 42] }),
    ]);
  });

  it('keeps the labels set by hand when the request runs again', async () => {
    await runTask(request);
    // A reviewer stopped the merge in GitLab, and removed the policy's label.
    gitlab.project('acme/gitops').mergeRequests[0].labels = ['do-not-merge'];

    const { task, log } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining('Run completed with status: completed'),
    });
    expect(gitlab.project('acme/gitops').mergeRequests).toEqual([
      expect.objectContaining({
        iid: 1,
        labels: ['do-not-merge', 'syntho-ray'],
      }),
    ]);
  });

  it('opens a new merge request for a change to a cluster whose merge request was merged', async () => {
    await runTask(request);
    gitlab.merge('acme/gitops', 1);
    const { task, output } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect(task.status).toBe('completed');
    const project = gitlab.project('acme/gitops');
    expect(project.mergeRequests.map(mr => [mr.iid, mr.state])).toEqual([
      [1, 'merged'],
      [2, 'opened'],
    ]);
    expect(output.links[0].url).toBe(
      'https://gitlab.example.test/acme/gitops/-/merge_requests/2',
    );
  });

  it('opens a new merge request from current files after the platform team closed the last one', async () => {
    await runTask(request);
    gitlab.close('acme/gitops', 1);
    gitlab.requests.length = 0;
    const { task, output, log } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining(
        'Deleted branch syntho-ray/local/syntho/ray-cluster, left by closed merge request https://gitlab.example.test/acme/gitops/-/merge_requests/1',
      ),
    });
    const project = gitlab.project('acme/gitops');
    expect(project.mergeRequests.map(mr => [mr.iid, mr.state])).toEqual([
      [1, 'closed'],
      [2, 'opened'],
    ]);
    expect(valuesOnBranch().worker.disabled).toBe(true);
    expect(writeCalls()).toEqual([
      'DELETE /repository/branches/syntho-ray%2Flocal%2Fsyntho%2Fray-cluster',
      'POST /repository/branches',
      'POST /repository/commits',
      'POST /merge_requests',
    ]);
    expect(output.links[0].url).toBe(
      'https://gitlab.example.test/acme/gitops/-/merge_requests/2',
    );
  });

  it('refuses a branch nobody opened a merge request from, and leaves it as it is', async () => {
    const project = gitlab.project('acme/gitops');
    const someonesWork = new Map([['notes.md', 'work in progress\n']]);
    project.branches.set('syntho-ray/local/syntho/ray-cluster', someonesWork);
    const { task, log } = await runTask(request);

    expect({ status: task.status, log }).toEqual({
      status: 'failed',
      log: expect.stringContaining(
        'the branch syntho-ray/local/syntho/ray-cluster already exists without a merge request',
      ),
    });
    expect(log).toContain(
      'Delete it in GitLab, or open a merge request from it',
    );
    expect(gitlab.writes()).toEqual([]);
    expect(project.branches.get('syntho-ray/local/syntho/ray-cluster')).toBe(
      someonesWork,
    );
  });

  it("ignores a fork's merge request from the cluster's branch name, and opens the project's own", async () => {
    gitlab.fork('acme/gitops', 'mallory/gitops');
    gitlab.push('mallory/gitops', 'syntho-ray/local/syntho/ray-cluster', {
      'clusters/local/syntho/ray-cluster/values.yaml':
        'head: {privileged: true}\n',
    });
    const forkMergeRequest = gitlab.openMergeRequest(
      'mallory/gitops',
      'syntho-ray/local/syntho/ray-cluster',
      'acme/gitops',
      'Looks like the template',
    );

    const { task, log } = await runTask(request);

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining(
        'Ignoring merge request https://gitlab.example.test/acme/gitops/-/merge_requests/1',
      ),
    });
    const project = gitlab.project('acme/gitops');
    expect(forkMergeRequest).toMatchObject({
      iid: 1,
      state: 'opened',
      updates: 0,
      title: 'Looks like the template',
    });
    expect(project.mergeRequests[1]).toMatchObject({
      iid: 2,
      sourceProjectId: project.id,
      sourceBranch: 'syntho-ray/local/syntho/ray-cluster',
      title: 'Ray cluster ray-cluster in syntho on local',
    });
    expect(valuesOnBranch().head).not.toHaveProperty('privileged');
  });

  /** A fork opens 101 merge requests from the cluster's branch name: more than GitLab's largest page. */
  const forkFloods = () => {
    gitlab.fork('acme/gitops', 'mallory/gitops');
    for (let i = 0; i < 101; i++)
      gitlab.openMergeRequest(
        'mallory/gitops',
        'syntho-ray/local/syntho/ray-cluster',
        'acme/gitops',
        `Looks like the template ${i}`,
      );
  };

  it('updates its own merge request behind 101 of a fork with its branch name', async () => {
    await runTask(request);
    forkFloods();

    const { task, output } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect(task.status).toBe('completed');
    const project = gitlab.project('acme/gitops');
    expect(project.mergeRequests[0]).toMatchObject({
      iid: 1,
      state: 'opened',
      updates: 1,
    });
    expect(project.mergeRequests).toHaveLength(102);
    expect(output.links[0].url).toBe(
      'https://gitlab.example.test/acme/gitops/-/merge_requests/1',
    );
  });

  it('clears the branch of its closed merge request behind 101 of a fork with its branch name', async () => {
    await runTask(request);
    gitlab.close('acme/gitops', 1);
    forkFloods();

    const { task, log } = await runTask({
      ...request,
      size: { preset: 'development' },
    });

    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.stringContaining(
        'Deleted branch syntho-ray/local/syntho/ray-cluster, left by closed merge request https://gitlab.example.test/acme/gitops/-/merge_requests/1',
      ),
    });
    expect(gitlab.project('acme/gitops').mergeRequests.at(-1)).toMatchObject({
      iid: 103,
      state: 'opened',
      sourceProjectId: gitlab.project('acme/gitops').id,
    });
  });

  it('keeps a branch someone pushed to after its merge request was closed, and says why', async () => {
    await runTask(request);
    gitlab.close('acme/gitops', 1);
    gitlab.push('acme/gitops', 'syntho-ray/local/syntho/ray-cluster', {
      'notes.md': 'unreviewed work\n',
    });
    gitlab.requests.length = 0;

    const { task, log } = await runTask(request);

    expect({ status: task.status, log }).toEqual({
      status: 'failed',
      log: expect.stringContaining(
        'the branch syntho-ray/local/syntho/ray-cluster has moved since its last merge request https://gitlab.example.test/acme/gitops/-/merge_requests/1',
      ),
    });
    expect(gitlab.writes()).toEqual([]);
    expect(
      gitlab
        .project('acme/gitops')
        .branches.get('syntho-ray/local/syntho/ray-cluster')!
        .get('notes.md'),
    ).toBe('unreviewed work\n');
  });

  it('keeps a protected branch of a closed merge request, and says why', async () => {
    await runTask(request);
    gitlab.close('acme/gitops', 1);
    gitlab.protectBranch('acme/gitops', 'syntho-ray/local/syntho/ray-cluster');
    gitlab.requests.length = 0;

    const { task, log } = await runTask(request);

    expect({ status: task.status, log }).toEqual({
      status: 'failed',
      log: expect.stringContaining(
        'GitLab protects the branch syntho-ray/local/syntho/ray-cluster',
      ),
    });
    expect(gitlab.writes()).toEqual([]);
    expect(
      gitlab
        .project('acme/gitops')
        .branches.has('syntho-ray/local/syntho/ray-cluster'),
    ).toBe(true);
  });

  it('makes no write call for a rejected request', async () => {
    const { task } = await runTask({
      ...request,
      size: { preset: 'custom', head: { cpu: '1', memory: '1G' } },
    });

    expect(task.status).toBe('failed');
    expect(gitlab.writes()).toEqual([]);
  });
});
