/**
 * The Syntho Ray request model, platform policy, validation and renderers, shared by the syntho-ray
 * frontend, backend and scaffolder module.
 *
 * @packageDocumentation
 */

export {
  checkDns1035Label,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkImageTag,
} from './names';
export * from './quantity';
export * from './profiles';
export * from './policy';
export * from './problems';
export * from './schemaIssues';
export * from './request';
export * from './existingClusters';
export * from './validate';
export * from './render';
export * from './valuesFile';
export * from './health';
export * from './wording';
