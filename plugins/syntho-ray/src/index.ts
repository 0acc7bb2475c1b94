/**
 * Syntho Ray clusters in Backstage: the scaffolder field that sizes a cluster with live validation.
 *
 * @packageDocumentation
 */

export { synthoRayPlugin as default } from './plugin';
export { RayClusterSizeField } from './fields/RayClusterSizeField';
export {
  PolicyPickerField,
  policyOptions,
  type PolicyList,
  type PolicyOption,
} from './fields/PolicyPickerField';
export { rayClusterSizeValidation } from './fields/formField';
export { sizeProblems, type ClusterSizeValue } from './fields/sizeProblems';
