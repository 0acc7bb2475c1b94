import { Config } from '@backstage/config';
import {
  ConflictError,
  CustomErrorBase,
  InputError,
  toError,
} from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  createGithubIssuesLabelAction,
  createPublishGithubPullRequestAction,
} from '@backstage/plugin-scaffolder-backend-module-github';
import { createCheckReviewersAction } from './checkReviewers';
import {
  GitHubApiError,
  githubPullRequest,
  githubRepository,
} from './githubPullRequest';
import {
  GitOpsSettingError,
  quoted,
  REPO_URL_KEY,
  shortMessageOf,
} from './gitopsRepository';
import { count, PublishContext, Published, runAction, text } from './runAction';

/** What the GitHub half of `syntho:rayCluster:publish` is built with. */
export interface GitHubPublisherOptions {
  integrations: ScmIntegrationRegistry;
  config: Config;
  requireScmUserCredentials: boolean;
  requestTimeoutMs?: number;
}

/**
 * GitHub's answers that a setting fixes: a token it refuses (401), one that may not write or see
 * the repository (403, 404), or a request it cannot take, such as a branch that does not exist (422).
 */
const SETTING_STATUSES = new Set([401, 403, 404, 422]);

/**
 * A Git host's failure that no setting fixes (5xx, no answer), said in one line: the task page
 * shows a failed step's stack, whose frames would tell the requester nothing.
 */
class GitHostError extends CustomErrorBase {
  name = 'GitHostError' as const;

  constructor(message: string, cause: unknown) {
    // The cause is kept, not appended: its text can be a proxy's whole HTML error page.
    super(message);
    this.stack = message;
    Object.defineProperty(this, 'cause', {
      value: toError(cause),
      enumerable: true,
    });
  }
}

/** The HTTP status of a failure: the built-in action wraps Octokit's error, which has it. */
function statusOf(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const { status, cause } = current as { status?: unknown; cause?: unknown };
    if (typeof status === 'number') return status;
    current = cause;
  }
  return undefined;
}

const names = (labels: string[]) =>
  labels.map(label => `\`${label.replace(/`/g, "'")}\``).join(', ');

/**
 * Opens or updates the pull request with `publish:github:pull-request`, checks its reviewers with
 * `syntho:rayCluster:checkReviewers`, labels it with `github:issues:label` and reads its labels
 * back, since that action only logs GitHub's refusal.
 */
export function githubPublisher(options: GitHubPublisherOptions) {
  const { integrations, config, requireScmUserCredentials } = options;
  const own = { integrations, requestTimeoutMs: options.requestTimeoutMs };
  const githubCredentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const pullRequest = createPublishGithubPullRequestAction({
    integrations,
    githubCredentialsProvider,
    config,
    requireScmUserCredentials,
  });
  const label = createGithubIssuesLabelAction({
    integrations,
    githubCredentialsProvider,
    requireScmUserCredentials,
  });
  const checkReviewers = createCheckReviewersAction(own);

  /**
   * Refuses to publish over commits someone else pushed to the cluster's branch.
   * `publish:github:pull-request` builds one commit on the target branch and force-pushes the
   * branch to it, so a branch holding anything but that one commit holds someone's work (a
   * reviewer's fix, GitHub's "Update branch", a history of its own), which the push would throw
   * away: the same rule as GitLab's, whose stale branch is deleted only while nobody pushed to it.
   * A run's commit carries the pull request's title, which the branch's name determines. A
   * commit made to look like a run's (same message) is not told apart: the force-push GitHub
   * records on the pull request shows it.
   */
  async function assertBranchHoldsOnlyOurCommit(
    ctx: PublishContext,
    host: string,
  ) {
    const { repoUrl, branchName, title } = ctx.input;
    const repository = await githubRepository(repoUrl, own, ctx.signal);
    const target =
      ctx.input.targetBranchName ||
      (await repository.request<{ default_branch: string }>('')).default_branch;
    const notFound = (error: unknown) =>
      error instanceof GitHubApiError && error.status === 404;
    const branch = `${branchName} on ${host}`;
    const compared = await repository
      .request<{
        ahead_by: number;
        commits: Array<{ commit: { message: string } }>;
      }>(
        `compare/${encodeURIComponent(target)}...${encodeURIComponent(
          branchName,
        )}?per_page=1`,
      )
      .catch(async error => {
        if (!notFound(error)) throw error;
        // GitHub answers 404 for a branch that does not exist (the first run of this cluster) and
        // for one whose history shares no commit with the target branch.
        const exists = await repository
          .request(
            `git/ref/heads/${branchName
              .split('/')
              .map(encodeURIComponent)
              .join('/')}`,
          )
          .then(
            () => true,
            refError => {
              if (notFound(refError)) return false;
              throw refError;
            },
          );
        if (exists)
          throw new ConflictError(
            `branchName: ${branch} shares no history with ${target}: it is not a branch a run of this template made, and updating the pull request would force-push it away. Take its commits elsewhere and delete the branch, then request again.`,
          );
        return { ahead_by: 0, commits: [] };
      });
    if (compared.ahead_by > 1)
      throw new ConflictError(
        `branchName: ${branch} has ${compared.ahead_by} commits over ${target}, but a run of this template leaves one: someone pushed to it, and updating the pull request would force-push their commits away. Merge or close its pull request, or take the commits elsewhere and delete the branch, then request again.`,
      );
    const message = compared.commits[0]?.commit.message;
    if (compared.ahead_by === 1 && message !== title)
      throw new ConflictError(
        `branchName: ${branch} holds one commit over ${target}, ${quoted(
          message ?? '',
        )}, which is not the commit a run of this template makes (its message is the pull request's title): someone pushed to it, and updating the pull request would force-push it away. Take the commit elsewhere and delete the branch, then request again.`,
      );
  }

  /** A warning about the labels GitHub does not show on the pull request, or `''`. */
  async function missingLabelsWarning(
    ctx: PublishContext,
    host: string,
    number: number,
    labels: string[],
  ) {
    const entry = `the integrations.github entry with host ${host}`;
    let present: Set<string>;
    try {
      const pull = await githubPullRequest(
        ctx.input.repoUrl,
        number,
        own,
        ctx.signal,
      );
      // GitHub compares label names without regard to case.
      present = new Set((await pull.labels()).map(name => name.toLowerCase()));
    } catch (error) {
      return `**Warning:** the labels ${names(
        labels,
      )} of this pull request could not be read back (${shortMessageOf(
        error,
      )}): check them on the pull request, and set any that is missing by hand.`;
    }
    const missing = labels.filter(name => !present.has(name.toLowerCase()));
    if (missing.length === 0) return '';
    return `**Warning:** GitHub did not set the labels ${names(
      missing,
    )} on this pull request. The token of ${entry} needs write access to the repository's issues (issues: write), and each label must exist in the repository or be one the token may create. Set them on the pull request by hand, and fix the token, the repository's labels or synthoRay.gitops.labels.`;
  }

  return async function publishToGitHub(
    ctx: PublishContext,
    host: string,
  ): Promise<Published> {
    const { repoUrl, branchName, title, description } = ctx.input;
    const { reviewers, teamReviewers, labels = [] } = ctx.input;
    await assertBranchHoldsOnlyOurCommit(ctx, host);
    const opened = await runAction(pullRequest, ctx, {
      repoUrl,
      branchName,
      ...(ctx.input.targetBranchName && {
        targetBranchName: ctx.input.targetBranchName,
      }),
      title,
      description,
      commitMessage: title,
      ...(ctx.input.sourcePath && { sourcePath: ctx.input.sourcePath }),
      ...(ctx.input.targetPath && { targetPath: ctx.input.targetPath }),
      ...(reviewers && { reviewers }),
      ...(teamReviewers && { teamReviewers }),
      // The branch is the cluster's: a re-run pushes to the open pull request instead of failing.
      update: true,
    }).catch(error => {
      // The built-in action's own refusals name their input; a cancelled task just ends.
      if (error instanceof InputError || ctx.signal?.aborted) throw error;
      const what = `GitHub (${host}) did not open or update the pull request from ${branchName} (${shortMessageOf(
        error,
      )})`;
      const status = statusOf(error);
      if (status !== undefined && SETTING_STATUSES.has(status))
        throw new GitOpsSettingError(
          `${what}: check that the token of the integrations.github entry with host ${host} may push to the repository of ${REPO_URL_KEY} and open pull requests in it, and that synthoRay.gitops.branch names a branch there.`,
          error,
        );
      throw new GitHostError(
        `${what}: GitHub failed or did not answer; run the request again later (a re-run updates the same pull request).`,
        error,
      );
    });
    const url = text(opened.remoteUrl);
    const number = count(opened.pullRequestNumber);
    if (!url || !number)
      throw new GitOpsSettingError(
        `GitHub (${host}) answered without the pull request from ${branchName}: check ${REPO_URL_KEY} and the integrations.github entry with host ${host}.`,
      );
    ctx.logger.info(`Opened or updated pull request #${number}: ${url}`);

    const warnings: string[] = [];
    if ((reviewers?.length ?? 0) > 0 || (teamReviewers?.length ?? 0) > 0) {
      const checked = await runAction(checkReviewers, ctx, {
        repoUrl,
        pullRequestNumber: number,
        reviewers: reviewers ?? [],
        teamReviewers: teamReviewers ?? [],
      });
      warnings.push(text(checked.warning) ?? '');
    }

    if (labels.length > 0) {
      await runAction(label, ctx, { repoUrl, number, labels });
      // github:issues:label logs GitHub's refusal as a warning and goes on: what counts is what
      // the pull request has now.
      const warning = await missingLabelsWarning(ctx, host, number, labels);
      if (warning) ctx.logger.warn(`Pull request #${number}: ${warning}`);
      else
        ctx.logger.info(
          `Pull request #${number} has its labels: ${labels.join(', ')}`,
        );
      warnings.push(warning);
    }
    return { url, number, warning: warnings.filter(Boolean).join('\n\n') };
  };
}
