/**
 * Which list of the policy a PolicyPickerField offers.
 *
 * @public
 */
export type PolicyList =
  | 'targets'
  | 'namespaces'
  | 'storageClasses'
  | 'rayTags'
  | 'operatorTags';
