/**
 * Scaffolder actions for Syntho Ray clusters: `syntho:rayCluster:render`,
 * `syntho:rayCluster:scanSecrets`, `syntho:rayCluster:listClusters`,
 * `syntho:rayCluster:checkGitOpsAccess` and `syntho:rayCluster:publish`. The publish action runs
 * `syntho:rayCluster:findMergeRequest`, `syntho:rayCluster:updateMergeRequest`,
 * `syntho:rayCluster:deleteStaleBranch` and `syntho:rayCluster:checkReviewers` inside itself; the
 * module does not register those, and their factories stay exported for a backend module of your
 * own to register.
 *
 * @packageDocumentation
 */

export { scaffolderModuleSynthoRay as default } from './module';
export { createRenderAction, type RenderActionOptions } from './actions/render';
export { createListClustersAction } from './actions/listClusters';
export { createFindMergeRequestAction } from './actions/findMergeRequest';
export { createUpdateMergeRequestAction } from './actions/updateMergeRequest';
export { createDeleteStaleBranchAction } from './actions/deleteStaleBranch';
export { type GitLabActionOptions } from './actions/gitlabProject';
export { createCheckReviewersAction } from './actions/checkReviewers';
export { type GitHubActionOptions } from './actions/githubPullRequest';
export {
  createPublishAction,
  type PublishActionOptions,
} from './actions/publish';
export {
  createCheckGitOpsAccessAction,
  type CheckGitOpsAccessOptions,
} from './actions/checkGitOpsAccess';
export {
  createScanSecretsAction,
  scanForSecrets,
  secretValuesFromConfig,
  type ScannedText,
  type SecretFinding,
  type SecretValue,
} from './actions/scanSecrets';
