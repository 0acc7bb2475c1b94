import { configApiRef } from '@backstage/core-plugin-api';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { PolicyPickerField } from './PolicyPickerField';
import { RayClusterSizeField } from './RayClusterSizeField';
import {
  ClusterSizeValue,
  sizeProblemPlace,
  sizeProblems,
} from './sizeProblems';

/**
 * Blocks the Size step while the sizes break a chart or policy rule, with the fix for each.
 *
 * @public
 */
export const rayClusterSizeValidation: CustomFieldValidator<
  ClusterSizeValue
> = (data, field, { apiHolder, formData }) => {
  const policy = parsePolicy(
    apiHolder.get(configApiRef)?.getOptional('synthoRay'),
  );
  for (const problem of sizeProblems(data, formData, policy)) {
    if (problem.severity === 'error') {
      field.addError(
        `${sizeProblemPlace(problem.path)}: ${problem.message} ${problem.fix}`,
      );
    }
  }
};

/** The `SynthoRayClusterSize` field for `ui:field` in a template. */
export const rayClusterSizeFormField = createFormField({
  name: 'SynthoRayClusterSize',
  component: RayClusterSizeField,
  validation: rayClusterSizeValidation,
});

/** The `SynthoRayPolicyPicker` field: choices from the platform policy (`ui:options.list`). */
export const policyPickerFormField = createFormField({
  name: 'SynthoRayPolicyPicker',
  component: PolicyPickerField,
});
