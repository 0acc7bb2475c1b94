import { mockCredentials } from '@backstage/backend-test-utils';
import { readFile } from 'node:fs/promises';
import { Server } from 'node:http';
import request from 'supertest';
import { parse } from 'yaml';
import { chartLocations, helmTemplate } from '../harness';
import { GitHubStandIn } from '../standins/github';
import {
  requester as user,
  scaffolderDatabaseDump,
  startScaffolderBackend,
  TaskResult,
  TEMPLATE_STEP_IDS,
  templatePath,
  testPolicy,
} from './scaffolderBackend';

jest.setTimeout(120_000);

const LICENSE_CANARY = 'SYNTHO-LICENSE-CANARY-0b6f2d';
const GITHUB_TOKEN = 'ghp_standInTokenThatMustNotLeak';

const productionPlusOne = {
  name: 'ray-cluster',
  owner: 'group:default/data-science',
  targetCluster: 'local',
  namespace: 'syntho',
  size: {
    preset: 'production',
    extraWorkerGroups: [
      {
        name: 'small',
        replicas: 1,
        minReplicas: 1,
        maxReplicas: 3,
        cpu: '4',
        memory: '8G',
      },
    ],
  },
  rayTag: '2.9.3',
  operatorTag: '1.4.0',
};

describe('templates/syntho-ray-cluster through the real scaffolder', () => {
  const github = new GitHubStandIn();
  let server: Server;
  let templateEntity: any;
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await github.start();
    templateEntity = parse(await readFile(templatePath, 'utf8'));
    const backend = await startScaffolderBackend({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.baseUrl,
            token: GITHUB_TOKEN,
          },
        ],
      },
      synthoRay: testPolicy(
        {
          repoUrl: 'github.com?owner=acme&repo=gitops',
          reviewers: ['alice'],
          teamReviewers: ['platform-team'],
          labels: ['syntho-ray', 'needs-review'],
        },
        [LICENSE_CANARY],
      ),
    });
    server = backend.server;
    runTask = backend.runTask;
  });

  afterAll(() => github.stop());

  beforeEach(() => {
    github.createRepository('acme', 'gitops');
    github.addCollaborators('acme', 'gitops', 'alice');
    github.grantTeams('acme', 'gitops', 'platform-team');
    github.clearFaults();
    github.requests.length = 0;
  });

  const dryRunTemplate = () =>
    request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header(user.principal.userEntityRef),
      )
      .send({
        template: templateEntity,
        values: productionPlusOne,
        secrets: {},
        directoryContents: [],
      });

  it('opens a pull request whose values.yaml renders with the real chart', async () => {
    const { task, log, output } = await runTask(productionPlusOne);

    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });
    // The task page lists the spec's steps: no GitLab step shows, skipped, in a GitHub request.
    expect(task.spec.steps.map((step: { id: string }) => step.id)).toEqual(
      TEMPLATE_STEP_IDS,
    );
    // The step's own name says "pull or merge request"; nothing it logs is GitLab's.
    expect(log.replace(/^(Beginning|Finished) step .*$/gm, '')).not.toMatch(
      /merge request/i,
    );
    expect(log).toContain(
      'Opened or updated pull request #1: https://github.com/acme/gitops/pull/1',
    );
    const repo = github.repository('acme', 'gitops');
    expect(repo.pulls).toHaveLength(1);
    const [pull] = repo.pulls;
    expect(pull).toMatchObject({
      head: 'syntho-ray/local/syntho/ray-cluster',
      base: 'main',
      title: 'Ray cluster ray-cluster in syntho on local',
      reviewers: ['alice'],
      teamReviewers: ['platform-team'],
      labels: ['syntho-ray', 'needs-review'],
    });
    expect(pull.body).toContain(
      'Requested by `user:default/jane` for `group:default/data-science`',
    );
    expect(pull.body).toContain(
      '| `small` | 1 | 1 | 3 | 4 CPU / 8G (7.5 GiB) |',
    );
    const files = github.pullRequestFiles('acme', 'gitops', pull.number);
    const folder = 'clusters/local/syntho/ray-cluster';
    expect(Object.keys(files).sort()).toEqual([
      `${folder}/application.yaml`,
      `${folder}/catalog-info.yaml`,
      `${folder}/crds-application.yaml`,
      `${folder}/values.yaml`,
    ]);

    const objects = await helmTemplate({
      chart: chartLocations['syntho-charts-0.4.2'].chart,
      values: files[`${folder}/values.yaml`],
      release: 'ray-cluster',
      namespace: 'syntho',
    });
    const rayCluster = objects.find(o => o.kind === 'RayCluster')!;
    expect(
      rayCluster.spec.workerGroupSpecs.map((g: any) => g.groupName).sort(),
    ).toEqual(['small', 'workergroup']);

    expect(output.links[0].url).toBe('https://github.com/acme/gitops/pull/1');
    expect(output.links[1].entityRef).toBe(
      'resource:default/ray-cluster-syntho-local',
    );
    expect(output.text[0].content).toContain(
      '`ray-cluster-head-svc.syntho.svc.cluster.local`',
    );
  });

  it.each([
    [
      'a reviewer who is not a collaborator',
      () => github.grantTeams('acme', 'gitops', 'platform-team'),
    ],
    [
      'a team without access to the repository',
      () => github.addCollaborators('acme', 'gitops', 'alice'),
    ],
  ])(
    'says in the task and in the pull request that GitHub refused %s',
    async (_, grantTheOther) => {
      github.createRepository('acme', 'gitops');
      grantTheOther();

      const { task, log, output } = await runTask(productionPlusOne);

      // GitHub refuses every reviewer of the request: the pull request is open, but nobody is asked.
      expect(task.status).toBe('completed');
      const [pull] = github.repository('acme', 'gitops').pulls;
      expect(pull).toMatchObject({ reviewers: [], teamReviewers: [] });
      const warning =
        '**Warning:** GitHub did not add the reviewers users `alice` and teams `platform-team` to this pull request.';
      expect(log).toContain(`Pull request #1: ${warning}`);
      expect(output.text[0].content).toContain(warning);
      expect(pull.body).toContain(
        'Requested by `user:default/jane` for `group:default/data-science`',
      );
      expect(pull.body).toMatch(
        /\n<!-- syntho-ray:missing-reviewers -->\n> \*\*Warning:\*\* GitHub did not add the reviewers users `alice` and teams `platform-team`/,
      );
    },
  );

  it('notes missing reviewers once, and drops the note when a re-run finds them all', async () => {
    github.createRepository('acme', 'gitops');
    await runTask(productionPlusOne);
    await runTask(productionPlusOne);
    const [pull] = github.repository('acme', 'gitops').pulls;
    expect(pull.body.split('syntho-ray:missing-reviewers')).toHaveLength(2);

    github.addCollaborators('acme', 'gitops', 'alice');
    github.grantTeams('acme', 'gitops', 'platform-team');
    const { output } = await runTask(productionPlusOne);

    expect(pull).toMatchObject({
      reviewers: ['alice'],
      teamReviewers: ['platform-team'],
    });
    expect(pull.body).not.toContain('syntho-ray:missing-reviewers');
    expect(output.text[0].content).not.toContain('Warning');
  });

  it("refuses to force-push over a reviewer's commit on the branch, and keeps it", async () => {
    await runTask(productionPlusOne);
    const branch = 'syntho-ray/local/syntho/ray-cluster';
    github.pushCommit('acme', 'gitops', branch, 'Reviewer: pin the Ray image');
    const pushed = github.repository('acme', 'gitops').branches.get(branch);

    const { task, log } = await runTask({
      ...productionPlusOne,
      size: { preset: 'production' },
    });

    expect(task.status).toBe('failed');
    expect(log).toContain(
      `branchName: ${branch} on github.com has 2 commits over main, but a run of this template leaves one: someone pushed to it`,
    );
    const repo = github.repository('acme', 'gitops');
    expect(repo.branches.get(branch)).toBe(pushed);
    expect(repo.pulls[0].updates).toBe(0);
  });

  it('refuses a branch of an unrelated history or with one commit a run did not make, and keeps each', async () => {
    const branch = 'syntho-ray/local/syntho/ray-cluster';
    github.pushUnrelatedHistory('acme', 'gitops', branch, 'Work of my own');
    const orphan = github.repository('acme', 'gitops').branches.get(branch);

    const unrelated = await runTask(productionPlusOne);

    expect(unrelated.task.status).toBe('failed');
    expect(unrelated.log).toContain(
      `branchName: ${branch} on github.com shares no history with main`,
    );
    expect(github.repository('acme', 'gitops').branches.get(branch)).toBe(
      orphan,
    );

    github.createRepository('acme', 'gitops');
    await runTask(productionPlusOne);
    github.resetBranchToDefault('acme', 'gitops', branch);
    github.pushCommit('acme', 'gitops', branch, 'Reviewer: my own fix');
    const pushed = github.repository('acme', 'gitops').branches.get(branch);

    const foreign = await runTask(productionPlusOne);

    expect(foreign.task.status).toBe('failed');
    expect(foreign.log).toContain(
      'holds one commit over main, "Reviewer: my own fix", which is not the commit a run of this template makes',
    );
    expect(github.repository('acme', 'gitops').branches.get(branch)).toBe(
      pushed,
    );
  });

  it('warns about labels GitHub refused, which github:issues:label only logs', async () => {
    // GitHub's answer to a token without issues: write.
    github.fail({
      method: 'POST',
      path: /^\/repos\/acme\/gitops\/issues\/1\/labels$/,
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url:
          'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
        status: '403',
      },
    });

    const { task, output, log } = await runTask(productionPlusOne);

    expect(task.status).toBe('completed');
    expect(github.repository('acme', 'gitops').pulls[0].labels).toEqual([]);
    const warning =
      "**Warning:** GitHub did not set the labels `syntho-ray`, `needs-review` on this pull request. The token of the integrations.github entry with host github.com needs write access to the repository's issues (issues: write)";
    expect(output.text[0].content).toContain(warning);
    expect(log).toContain(warning);
  });

  it('updates the same pull request when the request runs again', async () => {
    await runTask(productionPlusOne);
    const { task, log } = await runTask({
      ...productionPlusOne,
      size: { preset: 'production' },
    });

    expect({ status: task.status, log }).toMatchObject({
      status: 'completed',
    });
    const repo = github.repository('acme', 'gitops');
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0].updates).toBe(1);
    const values = repo.files('syntho-ray/local/syntho/ray-cluster')[
      'clusters/local/syntho/ray-cluster/values.yaml'
    ];
    expect(parse(values).additionalWorkerGroups).not.toHaveProperty('small');
  });

  it.each([
    // After a merge, the base holds the other files: the new pull request changes values.yaml only.
    [
      'merged',
      () => github.merge('acme', 'gitops', 1),
      ['clusters/local/syntho/ray-cluster/values.yaml'],
    ],
    [
      'closed without merging',
      () => github.close('acme', 'gitops', 1),
      [
        'clusters/local/syntho/ray-cluster/application.yaml',
        'clusters/local/syntho/ray-cluster/catalog-info.yaml',
        'clusters/local/syntho/ray-cluster/crds-application.yaml',
        'clusters/local/syntho/ray-cluster/values.yaml',
      ],
    ],
  ])(
    'opens a new pull request for a change to a cluster whose pull request was %s',
    async (_, review, changedFiles) => {
      await runTask(productionPlusOne);
      review();
      const { task, output } = await runTask({
        ...productionPlusOne,
        size: { preset: 'production' },
      });

      expect(task.status).toBe('completed');
      const repo = github.repository('acme', 'gitops');
      expect(repo.pulls.map(p => [p.number, p.state])).toEqual([
        [1, 'closed'],
        [2, 'open'],
      ]);
      const files = github.pullRequestFiles('acme', 'gitops', 2);
      expect(Object.keys(files).sort()).toEqual(changedFiles);
      expect(
        parse(files['clusters/local/syntho/ray-cluster/values.yaml'])
          .additionalWorkerGroups,
      ).not.toHaveProperty('small');
      expect(output.links[0].url).toContain('/pull/2');
    },
  );

  it('refuses a name with capitals before any task starts', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(
        'Authorization',
        mockCredentials.user.header(user.principal.userEntityRef),
      )
      .send({
        templateRef: 'template:default/syntho-ray-cluster',
        values: { ...productionPlusOne, name: 'Ray-Cluster' },
      });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(
      /instance.name does not match pattern/,
    );
    expect(github.requests).toEqual([]);
  });

  it('refuses a name whose head Service some KubeRay versions would shorten, before any task starts', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(
        'Authorization',
        mockCredentials.user.header(user.principal.userEntityRef),
      )
      .send({
        templateRef: 'template:default/syntho-ray-cluster',
        values: { ...productionPlusOne, name: 'r'.repeat(42) },
      });

    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toMatch(
      /instance.name does not meet maximum length of 41/,
    );
    expect(github.requests).toEqual([]);
  });

  it('makes no write call for a request the policy rejects and says what to fix', async () => {
    const { task, log } = await runTask({
      ...productionPlusOne,
      namespace: 'default',
      size: {
        preset: 'production',
        extraWorkerGroups: [
          { name: 'small', replicas: 1, cpu: '4', memory: '8 GB' },
        ],
      },
    });

    expect(task.status).toBe('failed');
    expect(log).toMatch(
      /namespace: Namespace "default" is not open for Ray clusters on local\. Fix: Pick one of: syntho, synthesis\./,
    );
    expect(log).toMatch(
      /extraWorkerGroups\[0\]\.memory: "8 GB" is not a Kubernetes quantity/,
    );
    expect(github.writes()).toEqual([]);
    expect(github.repository('acme', 'gitops').branches.size).toBe(1);
  });

  it('refuses a second cluster in a namespace the catalog knows is taken', async () => {
    const { task, log } = await runTask({
      ...productionPlusOne,
      namespace: 'synthesis',
    });

    expect(task.status).toBe('failed');
    expect(log).toMatch(
      /namespace: Namespace "synthesis" on local already holds the Ray cluster "analytics"/,
    );
    expect(github.writes()).toEqual([]);
  });

  it.each([
    [
      'a 500',
      { status: 500, body: { message: 'Server Error' } },
      /Server Error/,
    ],
    [
      'a 403 rate limit',
      {
        status: 403,
        body: { message: 'API rate limit exceeded for user ID 1.' },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': '4102444800',
        },
      },
      /API rate limit exceeded/,
    ],
    [
      'a gateway timeout',
      {
        status: 504,
        body: {
          message:
            "We couldn't respond to your request in time. Sorry about that.",
        },
      },
      /couldn't respond to your request in time/,
    ],
  ])(
    'fails with a clear message and no pull request on %s from GitHub',
    async (_, fault, message) => {
      github.fail({ method: 'POST', path: /\/git\/trees$/, ...fault });

      const { task, log } = await runTask(productionPlusOne);

      expect(task.status).toBe('failed');
      expect(log).toMatch(message);
      expect(github.repository('acme', 'gitops').pulls).toEqual([]);
    },
  );

  it('keeps the license and the integration token out of every request, log and output', async () => {
    const { raw, log } = await runTask(productionPlusOne);
    const dryRun = await dryRunTemplate();

    const sentToGitHub = github.requests
      .map(
        r =>
          `${r.url}\n${r.body}\n${JSON.stringify({
            ...r.headers,
            authorization: undefined,
          })}`,
      )
      .join('\n');
    const databaseRows = await scaffolderDatabaseDump();
    expect(databaseRows).toContain('syntho-ray/local/syntho/ray-cluster');
    for (const haystack of [
      sentToGitHub,
      raw,
      log,
      JSON.stringify(dryRun.body),
      databaseRows,
    ]) {
      expect(haystack).not.toContain(LICENSE_CANARY);
      expect(haystack).not.toContain(GITHUB_TOKEN);
    }
  });

  it('renders the files in a dry run without touching GitHub', async () => {
    const response = await dryRunTemplate();

    expect(response.status).toBe(200);
    const files = Object.fromEntries(
      response.body.directoryContents.map((file: any) => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(
      parse(files['gitops/values.yaml']).additionalWorkerGroups.small
        .maxReplicas,
    ).toBe(3);
    expect(response.body.steps.map((step: any) => step.id)).toContain(
      'publish',
    );
    expect(github.writes()).toEqual([]);
  });
});

describe('templates/syntho-ray-cluster refuses a request that would publish a secret', () => {
  const github = new GitHubStandIn();
  const SA_TOKEN = 'canary-kubernetes-sa-token-5e1c';
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await github.start();
    ({ runTask } = await startScaffolderBackend({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.baseUrl,
            token: GITHUB_TOKEN,
          },
        ],
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: 'https://kubernetes.example.test',
                authProvider: 'serviceAccount',
                serviceAccountToken: SA_TOKEN,
              },
            ],
          },
        ],
      },
      synthoRay: testPolicy({ repoUrl: 'github.com?owner=acme&repo=gitops' }, [
        LICENSE_CANARY,
      ]),
    }));
  });

  afterAll(() => github.stop());

  beforeEach(() => {
    github.createRepository('acme', 'gitops');
    github.requests.length = 0;
  });

  it.each([
    [
      'a GitHub token',
      `ghp_${'C4n4ry'.repeat(6)}`,
      'catalog-info.yaml',
      '@secretlint/secretlint-rule-github',
    ],
    [
      'the configured license',
      LICENSE_CANARY,
      'catalog-info.yaml',
      'syntho/configured-value',
    ],
    [
      "a Kubernetes cluster's service account token from the config",
      SA_TOKEN,
      'catalog-info.yaml',
      'syntho/configured-value',
    ],
    [
      'the integration token, base64-encoded',
      Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64'),
      'catalog-info.yaml',
      'syntho/configured-value',
    ],
  ])(
    'blocks %s in the description before any branch or pull request, without repeating it',
    async (_, secret, file, rule) => {
      const { task, log } = await runTask({
        ...productionPlusOne,
        description: `Cluster for the synthesis team.\nCredentials: ${secret}`,
      });

      expect(task.status).toBe('failed');
      expect(log).toMatch(
        new RegExp(
          `Refusing to publish: .*\\n(.*\\n)*${file}:\\d+: .*\\[${rule};`,
        ),
      );
      // The task keeps the requester's own input; what the scan says must not repeat it.
      expect(log).not.toContain(secret);
      expect(github.writes()).toEqual([]);
      const repo = github.repository('acme', 'gitops');
      expect([...repo.branches.keys()]).toEqual(['main']);
      expect(repo.pulls).toEqual([]);
    },
  );
});
