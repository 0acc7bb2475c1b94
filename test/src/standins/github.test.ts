import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { GitHubStandIn } from './github';

const TOKEN = 'ghp_standInTokenThatMustNotLeak';
const VALUES = 'rayCluster:\n  head:\n    rayVersion: "2.9.3"\n';

describe('GitHubStandIn answers as GitHub does', () => {
  const github = new GitHubStandIn();
  const call = (
    method: string,
    path: string,
    body?: unknown,
    accept?: string,
  ) =>
    fetch(`${github.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        ...(accept && { accept }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(() => github.start());
  afterAll(() => github.stop());
  beforeEach(() => {
    github.createRepository('acme', 'gitops', {
      'clusters/local/syntho/ray-cluster/values.yaml': VALUES,
    });
  });

  // docs.github.com/rest/git/refs#create-a-reference
  it('refuses to create a reference that exists with 422 "Reference already exists"', async () => {
    const main = github.repository('acme', 'gitops').branches.get('main');

    const response = await call('POST', '/repos/acme/gitops/git/refs', {
      ref: 'refs/heads/main',
      sha: main,
    });

    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      message: 'Reference already exists',
      documentation_url: expect.stringContaining('create-a-reference'),
    });
  });

  describe('reviewers (docs.github.com/rest/pulls/review-requests)', () => {
    const openPull = async () => {
      const created = await call('POST', '/repos/acme/gitops/pulls', {
        head: 'main',
        base: 'main',
        title: 't',
        body: 'b',
      });
      return (await created.json()).number as number;
    };

    it.each([
      [
        'a user who is not a collaborator',
        { reviewers: ['alice', 'mallory'] },
        /^Reviews may only be requested from collaborators\. One or more of the users or teams you specified is not a collaborator of the acme\/gitops repository\.$/,
      ],
      [
        'a team without access',
        { reviewers: ['alice'], team_reviewers: ['outsiders'] },
        /^Reviews may only be requested from collaborators\./,
      ],
      [
        "the pull request's author",
        { reviewers: ['alice', 'syntho-ray-bot'] },
        /^Review cannot be requested from pull request author\.$/,
      ],
    ])(
      'refuses every reviewer of a request naming %s, with 422',
      async (_, request, message) => {
        github.addCollaborators('acme', 'gitops', 'alice', 'syntho-ray-bot');
        github.grantTeams('acme', 'gitops', 'platform-team');
        const number = await openPull();

        const response = await call(
          'POST',
          `/repos/acme/gitops/pulls/${number}/requested_reviewers`,
          request,
        );

        expect(response.status).toBe(422);
        expect((await response.json()).message).toMatch(message);
        const requested = await call(
          'GET',
          `/repos/acme/gitops/pulls/${number}/requested_reviewers`,
        );
        expect(await requested.json()).toEqual({ users: [], teams: [] });
      },
    );

    it('adds collaborators and teams with access, and lists them back', async () => {
      github.addCollaborators('acme', 'gitops', 'alice');
      github.grantTeams('acme', 'gitops', 'platform-team');
      const number = await openPull();

      const response = await call(
        'POST',
        `/repos/acme/gitops/pulls/${number}/requested_reviewers`,
        { reviewers: ['alice'], team_reviewers: ['platform-team'] },
      );

      expect(response.status).toBe(201);
      const requested = await call(
        'GET',
        `/repos/acme/gitops/pulls/${number}/requested_reviewers`,
      );
      expect(await requested.json()).toMatchObject({
        users: [{ login: 'alice' }],
        teams: [{ slug: 'platform-team' }],
      });
    });
  });

  describe('file contents (docs.github.com/rest/repos/contents#get-repository-content)', () => {
    const path =
      '/repos/acme/gitops/contents/clusters/local/syntho/ray-cluster/values.yaml?ref=main';

    it.each(['application/vnd.github.raw', 'application/vnd.github.v3.raw'])(
      'answers the raw bytes for Accept: %s',
      async accept => {
        const response = await call('GET', path, undefined, accept);

        expect(response.status).toBe(200);
        expect(await response.text()).toBe(VALUES);
      },
    );

    it('answers the base64 JSON envelope otherwise', async () => {
      const response = await call(
        'GET',
        path,
        undefined,
        'application/vnd.github+json',
      );

      expect(await response.json()).toMatchObject({
        type: 'file',
        encoding: 'base64',
        content: Buffer.from(VALUES).toString('base64'),
      });
    });

    // What day two will do: read values.yaml through Backstage's own GithubUrlReader, which asks
    // for application/vnd.github.v3.raw (@backstage/backend-defaults, urlReader/lib/GithubUrlReader).
    it("reads a file through Backstage's GitHub UrlReader", async () => {
      let reader: UrlReaderService | undefined;
      const backend = await startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: {
              integrations: {
                github: [
                  {
                    host: 'github.com',
                    apiBaseUrl: github.baseUrl,
                    token: TOKEN,
                  },
                ],
              },
            },
          }),
          createBackendPlugin({
            pluginId: 'reader-probe',
            register(reg) {
              reg.registerInit({
                deps: { urlReader: coreServices.urlReader },
                async init({ urlReader }) {
                  reader = urlReader;
                },
              });
            },
          }),
        ],
      });
      try {
        const response = await reader!.readUrl(
          'https://github.com/acme/gitops/blob/main/clusters/local/syntho/ray-cluster/values.yaml',
        );

        expect((await response.buffer()).toString('utf8')).toBe(VALUES);
        const read = github.requests.at(-1)!;
        expect(read.headers.accept).toBe('application/vnd.github.v3.raw');
      } finally {
        await backend.stop();
      }
    });
  });
});
