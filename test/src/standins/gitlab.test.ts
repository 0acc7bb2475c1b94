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

  // docs.gitlab.com/api/rest/#pagination: per_page defaults to 20 and is at most 100; x-next-page
  // is empty on the last page.
  it.each([
    ['', [20, 20, 20, 20, 20, 1], '20'],
    ['&per_page=100', [100, 1], '100'],
    ['&per_page=500', [100, 1], '100'],
  ])(
    'lists 101 merge requests page by page%s',
    async (perPage, pageSizes, xPerPage) => {
      gitlab.push('acme/gitops', 'syntho-ray/local/syntho/ray-cluster', {
        'a.txt': 'a',
      });
      for (let i = 0; i < 101; i++)
        gitlab.openMergeRequest(
          'acme/gitops',
          'syntho-ray/local/syntho/ray-cluster',
          'acme/gitops',
          `!${i + 1}`,
        );
      const listUrl = (page?: number) =>
        `${
          gitlab.baseUrl
        }/api/v4/projects/acme%2Fgitops/merge_requests?state=opened${perPage}${
          page ? `&page=${page}` : ''
        }`;

      const pages = [];
      let response = await fetch(listUrl());
      for (;;) {
        pages.push({
          iids: ((await response.json()) as Array<{ iid: number }>).map(
            mr => mr.iid,
          ),
          headers: {
            'x-per-page': response.headers.get('x-per-page'),
            'x-total': response.headers.get('x-total'),
            'x-total-pages': response.headers.get('x-total-pages'),
          },
          link: response.headers.get('link'),
        });
        const next = response.headers.get('x-next-page');
        if (!next) break;
        response = await fetch(listUrl(Number(next)));
      }

      expect(pages.map(page => page.iids.length)).toEqual(pageSizes);
      expect(pages.flatMap(page => page.iids)).toEqual(
        Array.from({ length: 101 }, (_, i) => 101 - i),
      );
      expect(pages[0].headers).toEqual({
        'x-per-page': xPerPage,
        'x-total': '101',
        'x-total-pages': String(pageSizes.length),
      });
      expect(pages[0].link).toContain('rel="next"');
      expect(pages.at(-1)!.link).not.toContain('rel="next"');
    },
  );
});
