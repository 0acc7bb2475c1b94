import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createCheckGitOpsAccessAction } from './checkGitOpsAccess';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      // Nothing listens on port 9: a call that is made fails, and the tests below expect none.
      github: [{ host: 'github.com', apiBaseUrl: 'http://127.0.0.1:9' }],
      bitbucketServer: [
        { host: 'bitbucket.example.test', apiBaseUrl: 'http://127.0.0.1:9' },
      ],
    },
  }),
);
const action = createCheckGitOpsAccessAction({ integrations });

async function run(repoUrl: string, isDryRun = false) {
  // createMockActionContext leaves isDryRun out of what it copies from its options.
  const ctx = Object.assign(createMockActionContext({ input: { repoUrl } }), {
    isDryRun,
  });
  await action.handler(ctx as any);
  return ctx;
}

describe('syntho:rayCluster:checkGitOpsAccess', () => {
  it.each([
    ['a host without an integration', 'gitlab.example.com?owner=a&repo=b'],
    ['a newline', 'github.com?owner=a\nrepo: b'],
    ['a separator', 'github.com?owner=a: b&repo={}'],
    ['quotes and brackets', 'github.com?owner="[a]"&repo=\'b\''],
    ['template braces', 'github.com?owner=${{ secrets.x }}&repo=b'],
    ['a comment', 'github.com?owner=a#b&repo=c'],
    ['U+2028', 'github.com?owner=a\u2028&repo=b'],
    ['a very long value', `github.com?owner=${'a'.repeat(5000)}`],
    ['no repository', 'github.com?owner=acme'],
  ])(
    'refuses a repoUrl with %s in one line naming synthoRay.gitops.repoUrl',
    async (_, repoUrl) => {
      const refused = run(repoUrl);
      await expect(refused).rejects.toThrow(InputError);
      const message = (await refused.catch(error => error)).message;
      expect(message).toContain('synthoRay.gitops.repoUrl');
      expect(message).not.toMatch(/[\n\u2028]/);
      expect(message.length).toBeLessThan(600);
    },
  );

  it('calls no host in a dry run, token or not, and publishes nowhere', async () => {
    const ctx = await run('github.com?owner=acme&repo=gitops', true);
    expect(ctx.output).toHaveBeenCalledWith('publishTo', '');
  });

  it('names the integrations entry whose token is missing', async () => {
    await expect(run('github.com?owner=acme&repo=gitops')).rejects.toThrow(
      'No token for github.com: set token of the integrations.github entry with host github.com',
    );
  });

  it.each([
    [
      'as Bitbucket takes it',
      'bitbucket.example.test?project=acme&repo=gitops',
    ],
    [
      'as GitHub and GitLab take it',
      'bitbucket.example.test?owner=acme&repo=gitops',
    ],
  ])(
    'refuses a Bitbucket repository written %s, by its type, in a dry run too',
    async (_, repoUrl) => {
      for (const isDryRun of [false, true]) {
        const refused = await run(repoUrl, isDryRun).catch(error => error);
        expect(refused).toBeInstanceOf(InputError);
        expect(refused.message).toBe(
          'synthoRay.gitops.repoUrl: bitbucket.example.test is an integrations.bitbucketServer entry; this template publishes to GitHub or GitLab only: point synthoRay.gitops.repoUrl at a repository on a host with an integrations.github or integrations.gitlab entry.',
        );
        expect(refused.stack).toBe(refused.message);
      }
    },
  );
});
