import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { SynthoRayPolicy } from '@syntho-ray/plugin-syntho-ray-common';

/**
 * Every branch the template opens a pull request from starts with this; the merge request actions
 * touch no other branch.
 */
export const CLUSTER_BRANCH_PREFIX = 'syntho-ray/';

/**
 * Whether the GitOps repository's host is GitHub or GitLab: the type of its `integrations:` entry,
 * so self-hosted GitLab on any domain works. The access check and the publish step both ask this,
 * so they never disagree about which host they call.
 */
export function gitopsScm(
  host: string,
  integrations: ScmIntegrationRegistry,
): 'github' | 'gitlab' {
  return integrations.byHost(host)?.type === 'gitlab' ? 'gitlab' : 'github';
}

/**
 * The policy's GitOps repository as the publish and catalog steps need it. Whether it is GitHub or
 * GitLab comes from the `integrations:` entry for its host, so self-hosted GitLab on any domain works.
 */
export function gitopsRepository(
  policy: SynthoRayPolicy,
  integrations: ScmIntegrationRegistry,
) {
  const { repoUrl, branch } = policy.gitops;
  const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
  const scm = gitopsScm(host, integrations);
  const blobPath = scm === 'gitlab' ? '-/blob' : 'blob';
  return {
    scm,
    /** The branch of a cluster's pull request: re-running a request finds it by this name. */
    branchName: (cluster: {
      targetCluster: string;
      namespace: string;
      name: string;
    }) =>
      `${CLUSTER_BRANCH_PREFIX}${cluster.targetCluster}/${cluster.namespace}/${cluster.name}`,
    /** Browser URL of a file on the target branch (what catalog:register reads). */
    fileUrl: (path: string) =>
      `https://${host}/${owner}/${repo}/${blobPath}/${branch}/${path}`,
  };
}
