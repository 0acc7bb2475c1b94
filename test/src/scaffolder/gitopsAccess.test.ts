import { mockCredentials } from '@backstage/backend-test-utils';
import { readFile } from 'node:fs/promises';
import { Server } from 'node:http';
import request from 'supertest';
import { parse } from 'yaml';
import { GitHubStandIn } from '../standins/github';
import { GitLabStandIn } from '../standins/gitlab';
import {
  requester,
  startScaffolderBackend,
  TaskResult,
  templatePath,
  testPolicy,
} from './scaffolderBackend';

/**
 * What the task page shows when the GitOps repository cannot take the pull request: the
 * integrations entry or policy key to set, no stack trace, no publish step run, no write sent.
 */

jest.setTimeout(120_000);

const clusterRequest = {
  name: 'ray-cluster',
  owner: 'group:default/data-science',
  targetCluster: 'local',
  namespace: 'syntho',
  size: { preset: 'production' },
};

/** The steps that ran (neither skipped nor never reached), by id and status. */
function stepsThatRan(result: TaskResult) {
  const events = JSON.parse(result.raw)[1] as any[];
  const status = new Map<string, string>();
  for (const event of events)
    if (event.body?.stepId && event.body.status)
      status.set(event.body.stepId, event.body.status);
  return Object.fromEntries(
    [...status].filter(([, value]) => value !== 'skipped'),
  );
}

/** Fails when anything the task page shows holds a stack frame. */
function expectNoStackTrace(result: TaskResult) {
  expect(result.raw).not.toMatch(/\\n\s+at /);
  expect(result.log).not.toMatch(/\n\s+at /);
}

describe('the template with a GitHub GitOps repository it cannot use', () => {
  const github = new GitHubStandIn();
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await github.start();
    ({ runTask } = await startScaffolderBackend({
      integrations: {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.baseUrl,
            token: 'ghp_standInToken',
          },
        ],
      },
      synthoRay: testPolicy({ repoUrl: 'github.com?owner=acme&repo=gitops' }),
    }));
  });
  afterAll(() => github.stop());
  beforeEach(() => {
    github.clearFaults();
    github.requests.length = 0;
  });

  it('names synthoRay.gitops.repoUrl when the repository does not exist', async () => {
    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('failed');
    expect(result.log).toContain(
      'The repository acme/gitops does not exist on github.com, or the token of the integrations.github entry with host github.com may not read it (404): fix synthoRay.gitops.repoUrl, or give the token access to the repository.',
    );
    expect(stepsThatRan(result)).not.toHaveProperty('publish');
    expectNoStackTrace(result);
    expect(github.writes()).toEqual([]);
  });

  it('says the token needs write access when it may only read the repository', async () => {
    github.createRepository('acme', 'gitops');
    github.denyPush('acme', 'gitops');

    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('failed');
    expect(result.log).toContain(
      "The token of the integrations.github entry with host github.com may read acme/gitops but not push to it: give it write access to the repository's contents and pull requests.",
    );
    expectNoStackTrace(result);
    expect(github.writes()).toEqual([]);
  });

  it('names the integrations entry whose token GitHub refuses', async () => {
    github.createRepository('acme', 'gitops');
    github.fail({
      method: 'GET',
      path: /^\/repos\/acme\/gitops$/,
      status: 401,
      body: { message: 'Bad credentials' },
    });

    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('failed');
    expect(result.log).toContain(
      'GitHub (github.com) refused the token of the integrations.github entry with host github.com (401): set a valid, unexpired token there.',
    );
    expectNoStackTrace(result);
    expect(github.writes()).toEqual([]);
  });

  it('opens the pull request once the check passes', async () => {
    github.createRepository('acme', 'gitops');

    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('completed');
    expect(stepsThatRan(result)).toMatchObject({
      'gitops-access': 'completed',
      publish: 'completed',
    });
    expect(github.repository('acme', 'gitops').pulls).toHaveLength(1);
  });
});

describe('the template with no token for the GitOps host', () => {
  const github = new GitHubStandIn();
  let server: Server;
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await github.start();
    github.createRepository('acme', 'gitops');
    ({ server, runTask } = await startScaffolderBackend({
      integrations: {
        github: [{ host: 'github.com', apiBaseUrl: github.baseUrl }],
      },
      synthoRay: testPolicy({ repoUrl: 'github.com?owner=acme&repo=gitops' }),
    }));
  });
  afterAll(() => github.stop());

  it('names the token of the integrations.github entry to set', async () => {
    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('failed');
    expect(result.log).toContain(
      "No token for github.com: set token of the integrations.github entry with host github.com in app-config.yaml (GITHUB_TOKEN in the development config), or a GitHub App under integrations.github[].apps, with write access to acme/gitops's contents and pull requests.",
    );
    expect(result.log).not.toContain('No token available for host');
    expectNoStackTrace(result);
    expect(github.requests).toEqual([]);
  });

  it('dry-runs in the Template Editor: the files render, and GitHub hears nothing', async () => {
    const template = parse(await readFile(templatePath, 'utf8'));

    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set(
        'Authorization',
        mockCredentials.user.header(requester.principal.userEntityRef),
      )
      .send({
        template,
        values: clusterRequest,
        secrets: {},
        directoryContents: [],
      });

    expect(response.status).toBe(200);
    expect(
      response.body.directoryContents.map((file: any) => file.path),
    ).toContain('gitops/values.yaml');
    expect(JSON.stringify(response.body.log)).toContain(
      'Dry run: a real run opens the pull request on github.com in acme/gitops; nothing is sent there now.',
    );
    expect(github.requests).toEqual([]);
  });
});

describe('the template with no token for a GitLab GitOps host', () => {
  const gitlab = new GitLabStandIn();
  let runTask: (values: Record<string, unknown>) => Promise<TaskResult>;

  beforeAll(async () => {
    await gitlab.start();
    gitlab.createProject('acme/gitops');
    ({ runTask } = await startScaffolderBackend({
      integrations: {
        gitlab: [
          {
            host: 'gitlab.example.test',
            baseUrl: gitlab.baseUrl,
            apiBaseUrl: `${gitlab.baseUrl}/api/v4`,
          },
        ],
      },
      synthoRay: testPolicy({
        repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
      }),
    }));
  });
  afterAll(() => gitlab.stop());

  it('names the token of the integrations.gitlab entry to set, and runs no GitHub step', async () => {
    const result = await runTask(clusterRequest);

    expect(result.task.status).toBe('failed');
    expect(result.log).toContain(
      'No token for gitlab.example.test: set token of the integrations.gitlab entry with host gitlab.example.test in app-config.yaml (GITLAB_TOKEN in the development config), a token with the api scope and at least the Developer role on acme/gitops.',
    );
    expect(stepsThatRan(result)).not.toHaveProperty('publish');
    expectNoStackTrace(result);
    expect(gitlab.writes()).toEqual([]);
  });
});
