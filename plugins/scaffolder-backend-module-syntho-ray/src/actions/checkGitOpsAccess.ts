import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  GitOpsSettingError,
  parseGitOpsRepoUrl,
  quoted,
  REPO_URL_KEY,
} from './gitopsRepository';

/**
 * What `syntho:rayCluster:checkGitOpsAccess` is built with.
 *
 * @public
 */
export interface CheckGitOpsAccessOptions {
  integrations: ScmIntegrationRegistry;
  /** Give up on the check's call after this long. Default 30 s. */
  requestTimeoutMs?: number;
}

/** A GitHub owner or a GitLab group path (groups and subgroups split by `/`). */
const OWNER =
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}(?:\/[A-Za-z0-9_.-]{1,255}){0,19}$/;
/** A GitHub repository or GitLab project path. */
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}$/;

function repositoryOf(repoUrl: string, integrations: ScmIntegrationRegistry) {
  const { host, owner, repo, scm } = parseGitOpsRepoUrl(repoUrl, integrations);
  if (!owner || !repo || !OWNER.test(owner) || !REPOSITORY.test(repo))
    throw new GitOpsSettingError(
      `${REPO_URL_KEY} (${quoted(
        repoUrl,
      )}) names no repository, or an owner or repository with characters GitHub and GitLab refuse (letters, digits, '.', '-', '_'; '/' between GitLab groups): write it as host?owner=<owner>&repo=<repository>.`,
    );
  return { host, owner, repo, scm };
}

/** A GET of the GitOps repository's API address; a network failure says which entry to check. */
async function read(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  entry: string,
) {
  try {
    return await fetch(url, {
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new GitOpsSettingError(
      `The GitOps host did not answer ${url} (${
        (error as Error).cause ?? (error as Error).message
      }): check apiBaseUrl of ${entry}, and that the portal's backend can reach it.`,
    );
  }
}

async function checkGitHub(
  repository: { host: string; owner: string; repo: string },
  { integrations, requestTimeoutMs = 30_000 }: CheckGitOpsAccessOptions,
) {
  const { host, owner, repo } = repository;
  const entry = `the integrations.github entry with host ${host}`;
  const { token } = await DefaultGithubCredentialsProvider.fromIntegrations(
    integrations,
  ).getCredentials({ url: `https://${host}/${owner}/${repo}` });
  if (!token)
    throw new GitOpsSettingError(
      `No token for ${host}: set token of ${entry} in app-config.yaml (GITHUB_TOKEN in the development config), or a GitHub App under integrations.github[].apps, with write access to ${owner}/${repo}'s contents and pull requests.`,
    );
  const apiBaseUrl = integrations.github.byHost(host)!.config.apiBaseUrl;
  const response = await read(
    `${apiBaseUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(
      repo,
    )}`,
    {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
    },
    requestTimeoutMs,
    entry,
  );
  if (response.status === 401)
    throw new GitOpsSettingError(
      `GitHub (${host}) refused the token of ${entry} (401): set a valid, unexpired token there.`,
    );
  if (response.status === 403 || response.status === 404)
    throw new GitOpsSettingError(
      `The repository ${owner}/${repo} does not exist on ${host}, or the token of ${entry} may not read it (${response.status}): fix ${REPO_URL_KEY}, or give the token access to the repository.`,
    );
  if (!response.ok)
    throw new GitOpsSettingError(
      `GitHub (${host}) answered ${response.status} when asked for ${owner}/${repo}: check ${entry} and ${REPO_URL_KEY}.`,
    );
  const body = await response.json().catch(() => ({}));
  if (body?.permissions && body.permissions.push !== true)
    throw new GitOpsSettingError(
      `The token of ${entry} may read ${owner}/${repo} but not push to it: give it write access to the repository's contents and pull requests.`,
    );
}

async function checkGitLab(
  repository: { host: string; owner: string; repo: string },
  { integrations, requestTimeoutMs = 30_000 }: CheckGitOpsAccessOptions,
) {
  const { host, owner, repo } = repository;
  const entry = `the integrations.gitlab entry with host ${host}`;
  const config = integrations.gitlab.byHost(host)!.config;
  if (!config.token)
    throw new GitOpsSettingError(
      `No token for ${host}: set token of ${entry} in app-config.yaml (GITLAB_TOKEN in the development config), a token with the api scope and at least the Developer role on ${owner}/${repo}.`,
    );
  const response = await read(
    `${config.apiBaseUrl}/projects/${encodeURIComponent(`${owner}/${repo}`)}`,
    { 'PRIVATE-TOKEN': config.token },
    requestTimeoutMs,
    entry,
  );
  if (response.status === 401)
    throw new GitOpsSettingError(
      `GitLab (${host}) refused the token of ${entry} (401): set a valid, unexpired token there.`,
    );
  if (response.status === 403 || response.status === 404)
    throw new GitOpsSettingError(
      `The project ${owner}/${repo} does not exist on ${host}, or the token of ${entry} may not read it (${response.status}): fix ${REPO_URL_KEY}, or give the token's user the Developer role on the project.`,
    );
  if (!response.ok)
    throw new GitOpsSettingError(
      `GitLab (${host}) answered ${response.status} when asked for ${owner}/${repo}: check ${entry} and ${REPO_URL_KEY}.`,
    );
  const body = await response.json().catch(() => ({}));
  const levels = [
    body?.permissions?.project_access?.access_level,
    body?.permissions?.group_access?.access_level,
  ].filter((level): level is number => typeof level === 'number');
  // 30 is Developer, the least role that may push a branch and open a merge request.
  if (body?.permissions && Math.max(0, ...levels) < 30)
    throw new GitOpsSettingError(
      `The token of ${entry} may read ${owner}/${repo} but not push to it: give its user at least the Developer role on the project.`,
    );
}

/**
 * `syntho:rayCluster:checkGitOpsAccess`: before the publish step, checks that the GitOps
 * repository has an integration of GitHub or GitLab, a token, exists and may be pushed to, and fails
 * with the `integrations:` entry or policy key to fix, instead of the publish step's stack trace. Its
 * `publishTo` output (`github`, `gitlab`, or empty in a dry run) is what the publish step runs on, so
 * a dry run in the Template Editor renders the files and calls no Git host, token or not.
 *
 * @public
 */
export function createCheckGitOpsAccessAction(
  options: CheckGitOpsAccessOptions,
) {
  return createTemplateAction({
    id: 'syntho:rayCluster:checkGitOpsAccess',
    description:
      'Checks that the GitOps repository has an integration and a token, exists, and may be pushed to; says which integrations entry or policy key to set when not. Outputs where syntho:rayCluster:publish publishes: github, gitlab, or nowhere in a dry run.',
    examples: [
      {
        description: 'Check the repository the render step names',
        example: [
          'steps:',
          '  - id: gitops-access',
          '    action: syntho:rayCluster:checkGitOpsAccess',
          '    input:',
          '      repoUrl: ${{ steps.render.output.repoUrl }}',
        ].join('\n'),
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The GitOps repository, as the publish actions take it: github.com?owner=acme&repo=gitops',
            ),
      },
      output: {
        publishTo: z =>
          z
            .enum(['github', 'gitlab', ''])
            .describe(
              'Where syntho:rayCluster:publish publishes: github, gitlab, or empty in a dry run (nothing is sent, and the publish step is skipped).',
            ),
      },
    },
    async handler(ctx) {
      const repository = repositoryOf(ctx.input.repoUrl, options.integrations);
      const { scm } = repository;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: a real run opens the pull request on ${repository.host} in ${repository.owner}/${repository.repo}; nothing is sent there now.`,
        );
        ctx.output('publishTo', '');
        return;
      }
      await (scm === 'gitlab' ? checkGitLab : checkGitHub)(repository, options);
      ctx.output('publishTo', scm);
    },
  });
}
