import { GitHubStandIn } from '../standins/github';

/**
 * The GitOps repository app-config.development.yaml names (synthoRay.gitops.repoUrl
 * `127.0.0.1:7082?owner=syntho&repo=gitops`), with the team app-config.yaml asks to review.
 */
export const SIMULATED_GITOPS_REPOSITORY = {
  owner: 'syntho',
  repo: 'gitops',
  teamReviewers: ['platform-team'],
};

/**
 * A GitHub stand-in holding the development portal's GitOps repository: the template opens real
 * pull requests there, and each pull request's link opens the stand-in's read-only page of it.
 */
export async function startSimulatedGitOpsHost(port = 0) {
  const standIn = new GitHubStandIn();
  const { owner, repo, teamReviewers } = SIMULATED_GITOPS_REPOSITORY;
  standIn.createRepository(owner, repo, {
    'README.md':
      '# GitOps\n\nThe simulated GitOps repository of the development portal.\n',
  });
  standIn.grantTeams(owner, repo, ...teamReviewers);
  await standIn.start(port);
  standIn.webBaseUrl = standIn.baseUrl;
  return standIn;
}
