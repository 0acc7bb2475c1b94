import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** Scaffolder field `SynthoRayClusterSize`: sizes a Ray cluster with live validation. */
export const rayClusterSizeFormFieldExtension = FormFieldBlueprint.make({
  name: 'ray-cluster-size',
  params: {
    field: () =>
      import('./fields/formField').then(m => m.rayClusterSizeFormField),
  },
});

/** Scaffolder field `SynthoRayPolicyPicker`: target clusters, namespaces, storage classes and tags from the policy. */
export const policyPickerFormFieldExtension = FormFieldBlueprint.make({
  name: 'policy-picker',
  params: {
    field: () =>
      import('./fields/formField').then(m => m.policyPickerFormField),
  },
});

/**
 * The syntho-ray frontend plugin (new frontend system).
 *
 * @public
 */
export const synthoRayPlugin = createFrontendPlugin({
  pluginId: 'syntho-ray',
  extensions: [
    rayClusterSizeFormFieldExtension,
    policyPickerFormFieldExtension,
  ],
});
