/**
 * Scaffolder actions for Syntho Ray clusters: `syntho:rayCluster:render` and
 * `syntho:rayCluster:scanSecrets`.
 *
 * @packageDocumentation
 */

export { scaffolderModuleSynthoRay as default } from './module';
export { createRenderAction, type RenderActionOptions } from './actions/render';
export {
  createScanSecretsAction,
  scanForSecrets,
  secretValuesFromConfig,
  type SecretFinding,
  type SecretValue,
} from './actions/scanSecrets';
