import {
  findFreePort,
  Portal,
  productionConfigFiles,
  startPortal,
  startPostgres,
  TestPostgres,
} from './harness';
import { templatePath } from './scaffolder/scaffolderBackend';
import { GitHubStandIn } from './standins/github';
import { GitLabStandIn } from './standins/gitlab';
import { HeldRequest, StandInServer } from './standins/http';

jest.setTimeout(600_000);

/**
 * A request interrupted by a backend crash finishes exactly once: the real backend with
 * app-config.production.yaml on a real PostgreSQL runs the template against the GitHub and GitLab
 * stand-ins, which hold a request at a chosen point; the backend is then killed with SIGKILL, a new
 * one starts on the same database, and the scaffolder's task recovery must finish the request with
 * what an uninterrupted run leaves: one branch with the same files, one pull or merge request, one
 * catalog Location.
 *
 * The points are requests the Git host receives, not the template's step ids, so that the test holds
 * whatever steps the template publishes with. The GitHub points are held in four requests at once
 * and cost one crash between them, the GitLab ones in two.
 */
describe('a request interrupted by a backend crash', () => {
  let postgres: TestPostgres;
  let port: number;
  let portal: Portal | undefined;
  const github = new GitHubStandIn();
  const gitlab = new GitLabStandIn();
  /** The times from each restart to the requests' completion, printed at the end. */
  const figures: string[] = [];

  beforeAll(async () => {
    [postgres, port] = await Promise.all([startPostgres(), findFreePort()]);
    await Promise.all([github.start(), gitlab.start()]);
  });

  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(figures.join('\n'));
    await portal?.stop();
    await Promise.all([github.stop(), gitlab.stop()]);
    await postgres?.stop();
  });

  /**
   * The production configuration with the stand-in as the Git host, the template registered, and
   * two things for the test only: a guest sign-in to create tasks with, and short waits (a task is
   * stale 3 s after its last heartbeat, the catalog re-reads locations every 2 s).
   */
  const startBackend = (gitops: 'github' | 'gitlab') =>
    startPortal({
      port,
      configFiles: productionConfigFiles,
      env: {
        // As the production image runs it: the database workspace provider checks this.
        NODE_ENV: 'production',
        POSTGRES_HOST: postgres.host,
        POSTGRES_PORT: String(postgres.port),
        POSTGRES_USER: postgres.user,
        POSTGRES_PASSWORD: postgres.password,
      },
      config: {
        auth: {
          providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
        },
        scaffolder: { taskRecovery: { staleTimeout: { seconds: 3 } } },
        catalog: {
          processingInterval: { seconds: 2 },
          locations: [
            {
              type: 'file',
              target: templatePath,
              rules: [{ allow: ['Template'] }],
            },
          ],
        },
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: github.baseUrl,
              token: 'ghp_standInToken',
            },
          ],
          gitlab: [
            {
              host: 'gitlab.example.test',
              baseUrl: gitlab.baseUrl,
              apiBaseUrl: `${gitlab.baseUrl}/api/v4`,
              token: 'glpat-standInToken',
            },
          ],
        },
        synthoRay: {
          targets: [{ name: 'local', namespaces: ['syntho', 'synthesis'] }],
          gitops:
            gitops === 'github'
              ? {
                  repoUrl: 'github.com?owner=acme&repo=gitops',
                  reviewers: ['alice'],
                  teamReviewers: ['platform-team'],
                  labels: ['syntho-ray'],
                }
              : {
                  repoUrl: 'gitlab.example.test?owner=acme&repo=gitops',
                  reviewers: ['platform-oncall'],
                  teamReviewers: [],
                  labels: ['syntho-ray'],
                },
        },
      },
    });

  let token = '';
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${portal!.baseUrl}/api/${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${path}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };

  /** Starts a backend, signs in as the guest and waits for the catalog to hold the template. */
  const backendUp = async (gitops: 'github' | 'gitlab') => {
    const started = Date.now();
    portal = await startBackend(gitops);
    const ready = Date.now();
    const refreshed = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    token = (await refreshed.json()).backstageIdentity.token;
    await waitFor(
      () =>
        api(
          'catalog/entities/by-name/template/default/syntho-ray-cluster',
        ).then(
          () => true,
          () => false,
        ),
      'the template in the catalog',
    );
    return { started, readyMs: ready - started };
  };

  /** Crashes the backend, and a new one (with `gitops`) takes its place on the same database. */
  const crashAndRestart = async (gitops: 'github' | 'gitlab') => {
    await portal!.kill();
    portal = undefined;
    return backendUp(gitops);
  };

  /** GitHub's clusters go to the namespace syntho, GitLab's to synthesis. */
  const namespaceOf = (name: string) =>
    ['ray-d', 'ray-e'].includes(name) ? 'synthesis' : 'syntho';
  const request = (name: string) => ({
    name,
    owner: 'group:default/data-science',
    targetCluster: 'local',
    namespace: namespaceOf(name),
    size: { preset: 'production' },
  });

  const createTask = async (name: string): Promise<string> =>
    (
      await api('scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: 'template:default/syntho-ray-cluster',
          values: request(name),
        }),
      })
    ).id;

  /** Waits for a task to end; its status, when it ended, and its log for failure messages. */
  const finished = async (id: string) => {
    let task: any;
    await waitFor(async () => {
      task = await api(`scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(task.status);
    }, `task ${id} to end`);
    const ended = Date.now();
    const events: any[] = await api(`scaffolder/v2/tasks/${id}/events`);
    return {
      status: task.status,
      ended,
      log: events.map(e => e.body?.message ?? '').join('\n'),
    };
  };

  /** Catalog Locations registered for a cluster's catalog-info.yaml. */
  const locationsOf = async (name: string) =>
    (await api('catalog/locations'))
      .map((l: any) => l.data.target)
      .filter((target: string) =>
        target.includes(
          `/clusters/local/${namespaceOf(name)}/${name}/catalog-info.yaml`,
        ),
      );

  /** Waits for the held request; fails with the task's log if the task ends first. */
  const reachedBeforeEnd = async (held: HeldRequest, id: string) => {
    const ended = finished(id).then(result => {
      throw new Error(
        `task ${id} ended (${result.status}) before the held request:\n${result.log}`,
      );
    });
    ended.catch(() => {});
    await Promise.race([held.reached, ended]);
  };

  const branchOf = (name: string) =>
    `syntho-ray/local/${namespaceOf(name)}/${name}`;
  /** Holds a request for `name`'s cluster: a write naming its branch, or a read of its folder. */
  const hold = (
    host: StandInServer,
    name: string,
    where: { method: string; path: RegExp; answered?: boolean },
  ): HeldRequest =>
    host.hold({
      ...where,
      body:
        where.method === 'GET'
          ? undefined
          : new RegExp(`"[^"]*${branchOf(name).replace(/\//g, '\\/')}"`),
    });

  /** What GitHub holds for a cluster: its branch's files, its pull requests, and the branches. */
  const onGitHub = (name: string) => {
    const repo = github.repository('acme', 'gitops');
    const pulls = repo.pulls.filter(p => p.head === branchOf(name));
    return {
      branches: [...repo.branches.keys()].filter(b => b === branchOf(name)),
      files: repo.files(branchOf(name)),
      // Numbered in the order GitHub received them; a recovered run updates what it finds.
      pulls: pulls.map(({ number, updates, ...pull }) => pull),
    };
  };

  const onGitLab = (name: string) => {
    const project = gitlab.project('acme/gitops');
    return {
      branches: [...project.branches.keys()].filter(b => b === branchOf(name)),
      files: Object.fromEntries(project.branches.get(branchOf(name)) ?? []),
      mergeRequests: project.mergeRequests
        .filter(mr => mr.sourceBranch === branchOf(name))
        // Numbered and placed by the project, which the uninterrupted run re-creates.
        .map(
          ({ iid, sha, updates, sourceProjectId, targetProjectId, ...mr }) =>
            mr,
        ),
    };
  };

  it('on GitHub: before the branch, before the pull request, after the pull request, during registration', async () => {
    github.createRepository('acme', 'gitops');
    github.addCollaborators('acme', 'gitops', 'alice');
    github.grantTeams('acme', 'gitops', 'platform-team');
    await backendUp('github');

    const points = {
      // The branch is not there yet.
      'ray-a': { method: 'POST', path: /\/git\/refs$/ },
      // The branch holds the files; no pull request yet.
      'ray-b': { method: 'POST', path: /\/pulls$/ },
      // GitHub opened the pull request, and the backend never heard back.
      'ray-c': { method: 'POST', path: /\/pulls$/, answered: true },
      // The Location is registered; catalog:register reads the file to name the entity.
      'ray-f': {
        method: 'GET',
        path: /\/contents\/clusters\/local\/syntho\/ray-f\/catalog-info\.yaml$/,
      },
    };
    const held = Object.entries(points).map(([name, where]) =>
      hold(github, name, where),
    );
    const ids = await Promise.all(Object.keys(points).map(createTask));
    await Promise.all(held.map((h, i) => reachedBeforeEnd(h, ids[i])));
    expect(onGitHub('ray-a').branches).toEqual([]);
    expect(onGitHub('ray-b')).toMatchObject({
      branches: [branchOf('ray-b')],
      pulls: [],
    });
    expect(onGitHub('ray-c').pulls).toHaveLength(1);
    expect(await locationsOf('ray-f')).toHaveLength(1);
    expect((await api(`scaffolder/v2/tasks/${ids[3]}`)).status).toBe(
      'processing',
    );

    const { started, readyMs } = await crashAndRestart('github');
    held.forEach(h => h.release());
    const results = await Promise.all(ids.map(finished));
    results.forEach(expectCompleted);
    figures.push(
      `GitHub: backend ready ${(readyMs / 1000).toFixed(
        1,
      )} s after the restart; ${Object.keys(points)
        .map(
          (name, i) =>
            `${name} completed ${((results[i].ended - started) / 1000).toFixed(
              1,
            )} s after it`,
        )
        .join(', ')}`,
    );

    const recovered = Object.fromEntries(
      Object.keys(points).map(name => [name, onGitHub(name)]),
    );
    for (const name of Object.keys(points)) {
      expect(recovered[name].branches).toEqual([branchOf(name)]);
      expect(recovered[name].pulls).toHaveLength(1);
      expect(await locationsOf(name)).toHaveLength(1);
    }

    // The same requests, uninterrupted, on a fresh repository leave the same.
    github.createRepository('acme', 'gitops');
    github.addCollaborators('acme', 'gitops', 'alice');
    github.grantTeams('acme', 'gitops', 'platform-team');
    const again = await Promise.all(
      (await Promise.all(Object.keys(points).map(createTask))).map(finished),
    );
    again.forEach(expectCompleted);
    for (const name of Object.keys(points))
      expect(recovered[name]).toEqual(onGitHub(name));

    // The one Location the recovered ray-c registered gives one entity once its file is on main.
    const [pullC] = github
      .repository('acme', 'gitops')
      .pulls.filter(p => p.head === branchOf('ray-c'));
    github.merge('acme', 'gitops', pullC.number);
    await waitFor(
      () =>
        api(
          'catalog/entities/by-name/resource/default/ray-c-syntho-local',
        ).then(
          () => true,
          () => false,
        ),
      'the catalog to read ray-c',
    );
    const entities = await api(
      'catalog/entities/by-query?filter=kind=resource,metadata.name=ray-c-syntho-local',
    );
    expect(entities.items).toHaveLength(1);
  });

  it('on GitLab: after the branch, before the merge request, after the merge request, before registration', async () => {
    await portal?.stop();
    gitlab.createProject('acme/gitops');
    gitlab.users.set('platform-oncall', 42);
    await backendUp('gitlab');

    const points = {
      // The branch holds the files; no merge request yet. The recovered step finds the branch
      // at the commit its first run recorded in a checkpoint, and opens the merge request from it.
      'ray-d': { method: 'POST', path: /\/merge_requests$/ },
      // GitLab opened the merge request, and the backend never heard back.
      'ray-e': { method: 'POST', path: /\/merge_requests$/, answered: true },
    };
    const held = Object.entries(points).map(([name, where]) =>
      hold(gitlab, name, where),
    );
    const ids = await Promise.all(Object.keys(points).map(createTask));
    await Promise.all(held.map((h, i) => reachedBeforeEnd(h, ids[i])));
    expect(onGitLab('ray-d')).toMatchObject({
      branches: [branchOf('ray-d')],
      mergeRequests: [],
    });
    expect(onGitLab('ray-e').mergeRequests).toHaveLength(1);

    const { started, readyMs } = await crashAndRestart('gitlab');
    held.forEach(h => h.release());
    const results = await Promise.all(ids.map(finished));
    results.forEach(expectCompleted);
    figures.push(
      `GitLab: backend ready ${(readyMs / 1000).toFixed(
        1,
      )} s after the restart; ${Object.keys(points)
        .map(
          (name, i) =>
            `${name} completed ${((results[i].ended - started) / 1000).toFixed(
              1,
            )} s after it`,
        )
        .join(', ')}`,
    );

    const recovered = Object.fromEntries(
      Object.keys(points).map(name => [name, onGitLab(name)]),
    );
    for (const name of Object.keys(points)) {
      expect(recovered[name].branches).toEqual([branchOf(name)]);
      expect(recovered[name].mergeRequests).toHaveLength(1);
      expect(await locationsOf(name)).toHaveLength(1);
    }

    // The same requests, uninterrupted, on a fresh project leave the same.
    gitlab.createProject('acme/gitops');
    const again = await Promise.all(
      (await Promise.all(Object.keys(points).map(createTask))).map(finished),
    );
    again.forEach(expectCompleted);
    for (const name of Object.keys(points))
      expect(recovered[name]).toEqual(onGitLab(name));
  });
});

/** Fails with the task's log unless it completed. */
function expectCompleted(result: { status: string; log: string }) {
  if (result.status !== 'completed')
    throw new Error(`the task ${result.status}:\n${result.log}`);
}

async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await condition()) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
