import { GitLabStandIn } from './gitlab';

describe('GitLabStandIn answers as GitLab does', () => {
  const gitlab = new GitLabStandIn();
  const branchUrl = (branch: string) =>
    `${gitlab.baseUrl}/api/v4/projects/${encodeURIComponent(
      'acme/gitops',
    )}/repository/branches/${encodeURIComponent(branch)}`;

  beforeAll(() => gitlab.start());
  afterAll(() => gitlab.stop());
  beforeEach(() => gitlab.createProject('acme/gitops'));

  // docs.gitlab.com/ee/api/branches.html#delete-repository-branch
  it.each([
    [
      'a protected branch',
      'syntho-ray/local/syntho/ray-cluster',
      'You are not allowed to delete protected branches from this project. Only a project maintainer or owner can delete a protected branch.',
    ],
    [
      'the default branch',
      'main',
      'The default branch of a project cannot be deleted.',
    ],
  ])(
    'refuses to delete %s with 400 and keeps it',
    async (_, branch, message) => {
      gitlab.push('acme/gitops', branch, { 'a.txt': 'a' });
      gitlab.protectBranch('acme/gitops', branch);

      const response = await fetch(branchUrl(branch), { method: 'DELETE' });

      expect(response.status).toBe(400);
      expect((await response.json()).message).toBe(message);
      expect((await fetch(branchUrl(branch))).status).toBe(200);
    },
  );

  it('deletes an unprotected branch with 204', async () => {
    gitlab.push('acme/gitops', 'syntho-ray/local/syntho/ray-cluster', {
      'a.txt': 'a',
    });
    const url = branchUrl('syntho-ray/local/syntho/ray-cluster');

    expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(url)).status).toBe(404);
  });
});
