import { SynthoRayPolicy } from '@syntho-ray/plugin-syntho-ray-common';

/** The GitOps repository of the policy, in the forms the scaffolder and the catalog need. */
export function gitopsRepository(policy: SynthoRayPolicy) {
  const { repoUrl, branch } = policy.gitops;
  const [host, query = ''] = repoUrl.split('?');
  const params = new URLSearchParams(query);
  const owner = params.get('owner') ?? '';
  const repo = params.get('repo') ?? '';
  const scm: 'github' | 'gitlab' = host.includes('gitlab')
    ? 'gitlab'
    : 'github';
  return {
    scm,
    host,
    owner,
    repo,
    /** Browser URL of a file on the target branch (what catalog:register and the UrlReader read). */
    fileUrl(path: string) {
      return scm === 'gitlab'
        ? `https://${host}/${owner}/${repo}/-/blob/${branch}/${path}`
        : `https://${host}/${owner}/${repo}/blob/${branch}/${path}`;
    },
    /** Browser URL of a folder on the target branch. */
    treeUrl(path: string) {
      return scm === 'gitlab'
        ? `https://${host}/${owner}/${repo}/-/tree/${branch}/${path}`
        : `https://${host}/${owner}/${repo}/tree/${branch}/${path}`;
    },
  };
}
