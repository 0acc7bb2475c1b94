import { InputError, toError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { SynthoRayPolicy } from '@syntho-ray/plugin-syntho-ray-common';
import type { z as zod } from 'zod/v3';

/**
 * Every branch the template opens a pull or merge request from starts with this; the actions that
 * push to, look up or delete a branch touch no other.
 */
export const CLUSTER_BRANCH_PREFIX = 'syntho-ray/';

/** Where the GitOps repository is configured: the key the messages about `repoUrl` name. */
export const REPO_URL_KEY = 'synthoRay.gitops.repoUrl';

/** `value` quoted on one line and short, for a message: JSON escapes all but U+2028 and U+2029. */
export function quoted(value: string, maxLength = 120) {
  return JSON.stringify(value.slice(0, maxLength)).replace(
    /[\u2028\u2029]/g,
    char => `\\u${char.charCodeAt(0).toString(16)}`,
  );
}

/**
 * A setting to fix, said as what to set. The scaffolder writes a failed step's `error.stack` to the
 * task page; its frames would tell the requester nothing, so the stack is the message alone.
 */
export class GitOpsSettingError extends InputError {
  constructor(message: string, cause?: unknown) {
    // Not handed to InputError, which would append the cause's whole text (an HTML error page of
    // a proxy, say) to the message: the message says what matters, the cause stays for the logs.
    super(message);
    this.stack = message;
    if (cause !== undefined)
      Object.defineProperty(this, 'cause', {
        value: toError(cause),
        enumerable: true,
      });
  }
}

/** Where the text of an error another library threw goes into a message: one line, this long. */
export function shortMessageOf(error: unknown, maxLength = 300) {
  const message = toError(error).message.replace(/\s+/g, ' ').trim();
  return message.length > maxLength
    ? `${message.slice(0, maxLength)}…`
    : message;
}

/** Why a `repoUrl` cannot be published to: no integration for its host, or not host?owner&repo. */
export function unknownRepoUrlError(repoUrl: string) {
  return new GitOpsSettingError(
    `${REPO_URL_KEY} (${quoted(
      repoUrl,
    )}) names no host with an integrations.github or integrations.gitlab entry, or is not host?owner=<owner>&repo=<repository>: fix it, or add the integrations entry for its host with a token that may push and open pull requests.`,
  );
}

/** The `branchName` input of the actions that touch the cluster's branch. */
export const clusterBranchInput = (z: typeof zod, description: string) =>
  z
    .string()
    .startsWith(CLUSTER_BRANCH_PREFIX)
    .describe(`${description}; must start with ${CLUSTER_BRANCH_PREFIX}`);

/** Refuses a branch the template does not open (the handler is also called without the schema). */
export function assertClusterBranch(branchName: string) {
  if (
    !branchName.startsWith(CLUSTER_BRANCH_PREFIX) ||
    branchName.length === CLUSTER_BRANCH_PREFIX.length
  )
    throw new GitOpsSettingError(
      `branchName: ${quoted(
        branchName,
      )} is not a branch of this template; its actions only touch branches under ${CLUSTER_BRANCH_PREFIX}.`,
    );
}

/**
 * Whether the GitOps repository's host is GitHub or GitLab: the type of its `integrations:` entry,
 * so self-hosted GitLab on any domain works. The access check and the publish step both ask this,
 * so they never disagree about which host they call; any other type (Bitbucket, Azure, …) is
 * refused here, once, with what to set.
 */
export function gitopsScm(
  host: string,
  integrations: ScmIntegrationRegistry,
): 'github' | 'gitlab' {
  const type = integrations.byHost(host)?.type;
  if (type === 'github' || type === 'gitlab') return type;
  throw new GitOpsSettingError(
    `${REPO_URL_KEY}: ${host} is ${
      type ? `an integrations.${type} entry` : 'no integrations entry'
    }; this template publishes to GitHub or GitLab only: point ${REPO_URL_KEY} at a repository on a host with an integrations.github or integrations.gitlab entry.`,
  );
}

/**
 * The host, owner and repository of a GitOps `repoUrl`, and whether it is on GitHub or GitLab
 * ({@link gitopsScm}). The host's type is asked before `parseRepoUrl`, which would otherwise
 * refuse a Bitbucket URL for lacking Bitbucket's own `project` and hide the reason.
 */
export function parseGitOpsRepoUrl(
  repoUrl: string,
  integrations: ScmIntegrationRegistry,
) {
  let host: string;
  try {
    ({ host } = new URL(`https://${repoUrl}`));
  } catch {
    throw unknownRepoUrlError(repoUrl);
  }
  if (!integrations.byHost(host)) throw unknownRepoUrlError(repoUrl);
  const scm = gitopsScm(host, integrations);
  try {
    const { owner, repo } = parseRepoUrl(repoUrl, integrations);
    return { host, owner, repo, scm };
  } catch {
    throw unknownRepoUrlError(repoUrl);
  }
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
