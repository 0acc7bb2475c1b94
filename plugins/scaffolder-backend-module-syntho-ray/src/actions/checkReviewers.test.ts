import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import {
  createCheckReviewersAction,
  missingReviewersWarning,
  REVIEWERS_NOTE_MARKER,
  withReviewersNote,
} from './checkReviewers';

const repoUrl = 'github.com?owner=acme&repo=gitops';
const TOKEN = 'ghp_checkReviewersTestToken';

/** A GitHub API holding pull request #7 with `state`; it records every request. */
async function githubWith(state: {
  body: string;
  users: string[];
  teams: string[];
  reviewedBy?: string[];
}) {
  const received: Array<{ method: string; url: string; body?: any }> = [];
  const server: Server = createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const call = {
      method: req.method!,
      url: req.url!,
      body: text && JSON.parse(text),
    };
    received.push(call);
    const base = '/repos/acme/gitops/pulls/7';
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return answer(401, { message: 'Bad credentials' });
    if (call.method === 'GET' && call.url === `${base}/requested_reviewers`)
      return answer(200, {
        users: state.users.map(login => ({ login })),
        teams: state.teams.map(slug => ({ slug })),
      });
    if (call.method === 'GET' && call.url === `${base}/reviews?per_page=100`)
      return answer(
        200,
        (state.reviewedBy ?? []).map(login => ({ user: { login } })),
      );
    if (call.method === 'GET' && call.url === base)
      return answer(200, { number: 7, body: state.body });
    if (call.method === 'PATCH' && call.url === base) {
      state.body = call.body.body;
      return answer(200, { number: 7, body: state.body });
    }
    return answer(404, { message: 'Not Found' });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const action = createCheckReviewersAction({
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: `http://127.0.0.1:${port}`,
              token: TOKEN,
            },
          ],
        },
      }),
    ),
  });
  return {
    action,
    received,
    state,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function run(
  github: Awaited<ReturnType<typeof githubWith>>,
  input: Record<string, unknown>,
) {
  const ctx = createMockActionContext({
    input: { repoUrl, pullRequestNumber: 7, ...input },
  });
  const warn = jest.spyOn(ctx.logger, 'warn');
  const error = await github.action.handler(ctx as any).then(
    () => undefined,
    e => e,
  );
  github.close();
  return { ctx, warn, error };
}

describe('syntho:rayCluster:checkReviewers', () => {
  it('warns in the log, the output and the pull request about every reviewer GitHub did not add', async () => {
    const github = await githubWith({
      body: 'Ray cluster ray-cluster\n',
      users: ['bob'],
      teams: [],
    });

    const { ctx, warn, error } = await run(github, {
      reviewers: ['alice', 'Bob'],
      teamReviewers: ['platform-team'],
    });

    expect(error).toBeUndefined();
    const warning =
      '**Warning:** GitHub did not add the reviewers users `alice` and teams `platform-team` to this pull request.';
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(warning));
    expect(ctx.output).toHaveBeenCalledWith('missingReviewers', ['alice']);
    expect(ctx.output).toHaveBeenCalledWith('missingTeamReviewers', [
      'platform-team',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'warning',
      expect.stringContaining(warning),
    );
    expect(github.state.body).toBe(
      `Ray cluster ray-cluster\n\n${REVIEWERS_NOTE_MARKER}\n> ${missingReviewersWarning(
        { users: ['alice'], teams: ['platform-team'] },
      )}\n`,
    );
  });

  it('counts a reviewer who already reviewed, and changes nothing when everyone is there', async () => {
    const github = await githubWith({
      body: 'Ray cluster ray-cluster',
      users: [],
      teams: ['platform-team'],
      reviewedBy: ['alice'],
    });

    const { ctx, warn } = await run(github, {
      reviewers: ['alice'],
      teamReviewers: ['platform-team'],
    });

    expect(warn).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('warning', '');
    expect(github.received.map(r => r.method)).not.toContain('PATCH');
  });

  it('keeps no reviewer a team of the same name stands in for', async () => {
    const github = await githubWith({ body: '', users: [], teams: ['alice'] });

    const { ctx } = await run(github, { reviewers: ['alice'] });

    expect(ctx.output).toHaveBeenCalledWith('missingReviewers', ['alice']);
  });

  it.each([
    ['a newline', 'alice\nbob'],
    ['": "', 'alice: bob'],
    ['braces', '{{ alice }}'],
    ['brackets', '[alice]'],
    ['a quote', 'alice"'],
    ['a comment', '#alice'],
    ['a mention', '@alice'],
    ['Markdown', '`alice`'],
    ['U+2028', 'alice\u2028bob'],
    ['a very long value', 'a'.repeat(10_000)],
  ])(
    'refuses a reviewer with %s before calling GitHub',
    async (_, reviewer) => {
      const github = await githubWith({ body: '', users: [], teams: [] });

      const { error } = await run(github, { reviewers: [reviewer] });

      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(
        /^reviewers\[0\]: .* is not a GitHub login; fix synthoRay\.gitops\.reviewers/,
      );
      expect(error.message.length).toBeLessThan(200);
      expect(github.received).toEqual([]);
    },
  );

  it('refuses a team slug with Markdown before calling GitHub', async () => {
    const github = await githubWith({ body: '', users: [], teams: [] });

    const { error } = await run(github, { teamReviewers: ['a|b'] });

    expect(error.message).toMatch(
      /^teamReviewers\[0\]: .* is not a GitHub team slug/,
    );
    expect(github.received).toEqual([]);
  });

  it('fails naming the call, not the token, when GitHub refuses the read', async () => {
    const github = await githubWith({ body: '', users: [], teams: [] });
    const action = createCheckReviewersAction({
      integrations: ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: `http://127.0.0.1:1`,
                token: TOKEN,
              },
            ],
          },
        }),
      ),
    });
    const ctx = createMockActionContext({
      input: { repoUrl, pullRequestNumber: 7, reviewers: ['alice'] },
    });

    const error = await action.handler(ctx as any).catch(e => e);
    github.close();

    expect(error.name).toBe('GitHubApiError');
    expect(error.message).toContain('GET pulls/7/requested_reviewers failed');
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('the documented example of syntho:rayCluster:checkReviewers', () => {
  it('runs against GitHub and finds the reviewers it names', async () => {
    const github = await githubWith({
      body: 'Text',
      users: ['alice'],
      teams: ['platform-team'],
    });
    const [{ example }] = github.action.examples!;
    const { input } = parse(example).steps[0];

    const { ctx, error } = await run(github, input);

    expect(error).toBeUndefined();
    expect(ctx.output).toHaveBeenCalledWith('warning', '');
  });
});

describe('withReviewersNote', () => {
  it('replaces an earlier note instead of adding a second one, and removes it when nobody is missing', () => {
    const once = withReviewersNote('Text', '**Warning:** one');
    const twice = withReviewersNote(once, '**Warning:** two');

    expect(twice).toBe(
      `Text\n\n${REVIEWERS_NOTE_MARKER}\n> **Warning:** two\n`,
    );
    expect(withReviewersNote(twice, '')).toBe('Text\n');
  });
});
