/**
 * Syntho Ray clusters in Backstage: the entity card and "Ray" tab with live status, and the scaffolder
 * fields that size a cluster with live validation.
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
export { VolumesField } from './fields/VolumesField';
export { RequestReviewField } from './fields/RequestReviewField';
export {
  rayClusterSizeValidation,
  volumesValidation,
} from './fields/formField';
export type { ExtraVolumeValue } from './fields/volumeProblems';
export type { RequestReview } from './fields/requestReview';
export {
  sizeProblems,
  sizeProblemPlace,
  type ClusterSizeValue,
} from './fields/sizeProblems';
export { policyFieldProblems } from './fields/policyFieldProblems';
export { isRayClusterEntity } from './status/isRayClusterEntity';
export {
  useRayClusterStatus,
  type RayClusterStatus,
} from './status/useRayClusterStatus';
export { synthoRayApiRef, type SynthoRayApi } from './api/SynthoRayApi';
export { SynthoRayClient } from './api/SynthoRayClient';
export { synthoRayTranslationRef } from './translation';
