import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GitHubActionOptions, githubPullRequest } from './githubPullRequest';
import { quoted } from './gitopsRepository';

/** A GitHub login: letters, digits and single hyphens, at most 39 characters. */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** A team slug as `team_reviewers` takes it: GitHub lower-cases the team's name into one. */
const GITHUB_TEAM_SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Starts the note this action appends to the pull request's text, so a re-run replaces it. */
export const REVIEWERS_NOTE_MARKER = '<!-- syntho-ray:missing-reviewers -->';

/** Who is missing from a pull request's reviewers. */
export interface MissingReviewers {
  users: string[];
  teams: string[];
}

/** Refuses a reviewer that is not a GitHub login or team slug, naming the input and the policy key. */
function assertNames(names: string[], pattern: RegExp, field: string) {
  names.forEach((name, index) => {
    if (!pattern.test(name))
      throw new InputError(
        `${field}[${index}]: ${quoted(name, 60)} is not a GitHub ${
          field === 'reviewers' ? 'login' : 'team slug'
        }; fix synthoRay.gitops.${field} in app-config.yaml.`,
      );
  });
}

/**
 * The warning (Markdown) shown in the task and the pull request, or `''` when nobody is missing.
 * The names in it passed the login and slug grammars, so a code span holds them as typed.
 */
export function missingReviewersWarning({ users, teams }: MissingReviewers) {
  if (users.length === 0 && teams.length === 0) return '';
  const list = (names: string[]) => names.map(name => `\`${name}\``).join(', ');
  const who = [
    users.length > 0 && `users ${list(users)}`,
    teams.length > 0 && `teams ${list(teams)}`,
  ]
    .filter(Boolean)
    .join(' and ');
  return `**Warning:** GitHub did not add the reviewers ${who} to this pull request. GitHub refuses the whole request when one user is not a collaborator of the repository or is the pull request's author, or one team has no access to it. Request their review on the pull request by hand, and fix synthoRay.gitops.reviewers / teamReviewers or the repository's access.`;
}

/** `body` with this action's note replaced by `warning` (or removed when there is none). */
export function withReviewersNote(body: string, warning: string) {
  const at = body.indexOf(REVIEWERS_NOTE_MARKER);
  const text = (at === -1 ? body : body.slice(0, at)).replace(/\s+$/, '');
  return warning
    ? `${text}\n\n${REVIEWERS_NOTE_MARKER}\n> ${warning}\n`
    : `${text}\n`;
}

/**
 * `syntho:rayCluster:checkReviewers`: reads back who is asked to review a GitHub pull request
 * after `publish:github:pull-request`, which only logs GitHub's refusal (GitHub refuses all the
 * requested reviewers when one is not a collaborator, a team without access, or the author). A
 * missing reviewer is a warning in the task's log and output, and a note at the end of the pull
 * request's text, so nobody takes an unreviewed pull request for a requested review.
 *
 * @public
 */
export function createCheckReviewersAction(options: GitHubActionOptions) {
  return createTemplateAction({
    id: 'syntho:rayCluster:checkReviewers',
    description:
      "Reads back a GitHub pull request's requested reviewers and warns, in the task and in the pull request's text, about any the policy names that GitHub did not add.",
    examples: [
      {
        description:
          'Check the reviewers publish:github:pull-request asked for',
        example: `steps:
  - id: check-reviewers
    action: syntho:rayCluster:checkReviewers
    input:
      repoUrl: github.com?owner=acme&repo=gitops
      pullRequestNumber: 7
      reviewers: [alice]
      teamReviewers: [platform-team]`,
      },
    ],
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z
            .string()
            .describe(
              'The GitHub repository, as publish:github:pull-request takes it: github.com?owner=acme&repo=gitops',
            ),
        pullRequestNumber: z =>
          z.number().int().positive().describe('The pull request to check'),
        reviewers: z =>
          z
            .array(z.string().regex(GITHUB_LOGIN))
            .default([])
            .describe('GitHub logins that should be asked to review'),
        teamReviewers: z =>
          z
            .array(z.string().regex(GITHUB_TEAM_SLUG))
            .default([])
            .describe('Team slugs that should be asked to review'),
      },
      output: {
        missingReviewers: z =>
          z.array(z.string()).describe('Logins GitHub did not add'),
        missingTeamReviewers: z =>
          z.array(z.string()).describe('Team slugs GitHub did not add'),
        warning: z =>
          z
            .string()
            .describe(
              'What is missing and what to do, or empty when nothing is',
            ),
      },
    },
    async handler(ctx) {
      const { repoUrl, pullRequestNumber } = ctx.input;
      const reviewers = ctx.input.reviewers ?? [];
      const teamReviewers = ctx.input.teamReviewers ?? [];
      assertNames(reviewers, GITHUB_LOGIN, 'reviewers');
      assertNames(teamReviewers, GITHUB_TEAM_SLUG, 'teamReviewers');
      if (!Number.isSafeInteger(pullRequestNumber) || pullRequestNumber < 1)
        throw new InputError(
          `pullRequestNumber: ${JSON.stringify(
            pullRequestNumber,
          )} is not a pull request number.`,
        );
      if (
        ctx.isDryRun ||
        (reviewers.length === 0 && teamReviewers.length === 0)
      ) {
        ctx.output('missingReviewers', []);
        ctx.output('missingTeamReviewers', []);
        ctx.output('warning', '');
        return;
      }
      const pull = await githubPullRequest(
        repoUrl,
        pullRequestNumber,
        options,
        ctx.signal,
      );
      const requested = await pull.request<{
        users: Array<{ login: string }>;
        teams: Array<{ slug: string }>;
      }>('/requested_reviewers');
      // A user who already reviewed is no longer "requested"; a re-run must not call them missing.
      const reviews = await pull.request<
        Array<{ user: { login: string } | null }>
      >('/reviews?per_page=100');
      // GitHub logins and slugs compare without regard to case.
      const lower = (names: string[]) =>
        new Set(names.map(name => name.toLowerCase()));
      const presentUsers = lower([
        ...requested.users.map(user => user.login),
        ...reviews.flatMap(review => (review.user ? [review.user.login] : [])),
      ]);
      const presentTeams = lower(requested.teams.map(team => team.slug));
      const missing: MissingReviewers = {
        users: reviewers.filter(
          login => !presentUsers.has(login.toLowerCase()),
        ),
        teams: teamReviewers.filter(
          slug => !presentTeams.has(slug.toLowerCase()),
        ),
      };
      const warning = missingReviewersWarning(missing);
      if (warning)
        ctx.logger.warn(`Pull request #${pullRequestNumber}: ${warning}`);
      else
        ctx.logger.info(
          `Pull request #${pullRequestNumber} has every reviewer it should`,
        );

      const body = (await pull.request<{ body: string | null }>('')).body ?? '';
      const noted = withReviewersNote(body, warning);
      if ((warning || body.includes(REVIEWERS_NOTE_MARKER)) && noted !== body)
        await ctx.checkpoint({
          key: `syntho.reviewers.note.${repoUrl}.${pullRequestNumber}`,
          fn: async () => {
            await pull.request('', {
              method: 'PATCH',
              body: JSON.stringify({ body: noted }),
            });
          },
        });
      ctx.output('missingReviewers', missing.users);
      ctx.output('missingTeamReviewers', missing.teams);
      ctx.output('warning', warning);
    },
  });
}
