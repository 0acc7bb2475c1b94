import { configApiRef } from '@backstage/core-plugin-api';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  parsePolicy,
  Problem,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';
import { PolicyPickerField } from './PolicyPickerField';
import { RayClusterSizeField } from './RayClusterSizeField';
import { RequestReviewField } from './RequestReviewField';
import {
  ClusterSizeValue,
  sizeProblemPlace,
  sizeProblems,
} from './sizeProblems';
import {
  ExtraVolumeValue,
  volumeProblemPlace,
  volumeProblems,
} from './volumeProblems';
import { VolumesField } from './VolumesField';

/**
 * A validator that blocks the step while `problemsOf` finds an error, each listed after Next with
 * the place `placeOf` names for it ("Worker group 1, CPU: …") and its fix.
 */
function problemsValidator<T>(
  problemsOf: (
    value: T | undefined,
    formData: Record<string, any> | undefined,
    policy: SynthoRayPolicy,
  ) => Problem[],
  placeOf: (path: string) => string,
): CustomFieldValidator<T> {
  return (data, field, { apiHolder, formData }) => {
    const policy = parsePolicy(
      apiHolder.get(configApiRef)?.getOptional('synthoRay'),
    );
    for (const problem of problemsOf(data, formData, policy)) {
      if (problem.severity === 'error') {
        field.addError(
          `${placeOf(problem.path)}: ${problem.message} ${problem.fix}`,
        );
      }
    }
  };
}

/**
 * Blocks the Size step while the sizes break a chart or policy rule, with the fix for each.
 *
 * @public
 */
export const rayClusterSizeValidation: CustomFieldValidator<ClusterSizeValue> =
  problemsValidator(sizeProblems, sizeProblemPlace);

/**
 * Blocks the step while an extra volume is incomplete or breaks a chart rule, with the fix for each.
 *
 * @public
 */
export const volumesValidation: CustomFieldValidator<ExtraVolumeValue[]> =
  problemsValidator(volumeProblems, volumeProblemPlace);

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

/** The `SynthoRayVolumes` field: extra volumes in rows like the Size step's worker groups. */
export const volumesFormField = createFormField({
  name: 'SynthoRayVolumes',
  component: VolumesField,
  validation: volumesValidation,
});

/** The `SynthoRayRequestReview` field: the request in readable rows, with its warnings, for Review. */
export const requestReviewFormField = createFormField({
  name: 'SynthoRayRequestReview',
  component: RequestReviewField,
});
