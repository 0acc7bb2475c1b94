import { MenuItem, TextField } from '@material-ui/core';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Problem, SynthoRayPolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { useMemo } from 'react';
import { synthoRayTranslationRef } from '../translation';
import { policyFieldProblems } from './policyFieldProblems';
import type { PolicyList } from './policyList';
import { usePolicy } from './usePolicy';

export type { PolicyList } from './policyList';

/**
 * An option of the picker; a disabled one is shown with the reason it cannot be chosen.
 *
 * @public
 */
export interface PolicyOption {
  value: string;
  label: string;
  disabled?: boolean;
}

/**
 * The options the policy gives for `list`; an empty result means the policy allows any value.
 * Namespaces depend on the Kubernetes cluster chosen in the form.
 *
 * @public
 */
export function policyOptions(
  policy: SynthoRayPolicy,
  list: PolicyList,
  formData: Record<string, any> | undefined,
): PolicyOption[] {
  switch (list) {
    case 'targets':
      return policy.targets.map(target => ({
        value: target.name,
        label: target.openshift ? `${target.name} (OpenShift)` : target.name,
      }));
    case 'namespaces': {
      const target =
        policy.targets.find(t => t.name === formData?.targetCluster) ??
        policy.targets[0];
      return (target?.namespaces ?? []).map(namespace => ({
        value: namespace,
        label: namespace,
      }));
    }
    case 'storageClasses':
      return policy.storage.classes.map(storageClass => ({
        value: storageClass.name,
        label: storageClass.readWriteMany
          ? `${storageClass.name}${
              storageClass.description ? ` — ${storageClass.description}` : ''
            }`
          : `${storageClass.name} — not ReadWriteMany, cannot hold the shared Ray volume`,
        disabled: !storageClass.readWriteMany,
      }));
    case 'rayTags':
      return policy.images.allowedRayTags.map(tag => ({
        value: tag,
        label: tag,
      }));
    case 'operatorTags':
      return policy.images.allowedOperatorTags.map(tag => ({
        value: tag,
        label: tag,
      }));
    default:
      return [];
  }
}

function policyDefault(
  policy: SynthoRayPolicy,
  list: PolicyList,
): string | undefined {
  switch (list) {
    case 'storageClasses':
      return policy.storage.defaultClass;
    case 'rayTags':
      return policy.images.defaultRayTag;
    case 'operatorTags':
      return policy.images.defaultOperatorTag;
    default:
      return undefined;
  }
}

/**
 * A text field whose choices come from the platform policy (`synthoRay` config): target clusters,
 * their namespaces, storage classes, allowed image tags. Where the policy allows any value, it is a
 * free text field that shows the policy's default.
 *
 * @public
 */
export const PolicyPickerField = (
  props: FieldExtensionComponentProps<string, { list?: PolicyList }>,
) => {
  const {
    formData,
    onChange,
    uiSchema,
    schema,
    rawErrors,
    required,
    idSchema,
    formContext,
  } = props;
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const policy = usePolicy();
  const list = uiSchema['ui:options']?.list ?? 'targets';
  const options = policyOptions(policy, list, formContext?.formData);
  const fallback = policyDefault(policy, list);
  const id = idSchema?.$id ?? `syntho-ray-${list}`;
  // Checked as the user types, so a message goes as soon as its value is fixed; the schema's
  // `pattern` errors (shown only after Next, as a regular expression) say the same in words here.
  const problems = useMemo(
    () => policyFieldProblems(list, formData, formContext?.formData, policy),
    [list, formData, formContext?.formData, policy],
  );
  const liveError = problems.find(p => p.severity === 'error');
  const liveWarning = problems.find(p => p.severity === 'warning');
  const sentence = (problem: Problem) => `${problem.message} ${problem.fix}`;
  // The template hides the schema's own error line (`ui:hideError`): the ones the live check does
  // not word (a missing value) show here, a pattern's regular expression never does.
  const schemaErrors = (rawErrors ?? []).filter(
    error => !error.startsWith('must match pattern'),
  );
  const helperText = () => {
    if (liveError) return sentence(liveError);
    if (schemaErrors.length) return schemaErrors.join(' ');
    if (liveWarning)
      return t('policyPicker.warning', { message: sentence(liveWarning) });
    return schema.description;
  };
  const common = {
    id,
    fullWidth: true,
    margin: 'normal' as const,
    label: schema.title,
    required,
    error: Boolean(liveError || schemaErrors.length),
    value: formData ?? '',
    helperText: helperText(),
    onChange: (e: { target: { value: unknown } }) =>
      onChange((e.target.value as string) || undefined),
  };

  if (options.length === 0) {
    return (
      <TextField
        {...common}
        placeholder={
          fallback
            ? t('policyPicker.defaultFromPlatform', { value: fallback })
            : undefined
        }
      />
    );
  }
  return (
    <TextField {...common} select>
      {!required && (
        <MenuItem value="">
          <em>
            {fallback
              ? t('policyPicker.platformDefaultValue', { value: fallback })
              : t('policyPicker.platformDefault')}
          </em>
        </MenuItem>
      )}
      {options.map(option => (
        <MenuItem
          key={option.value}
          value={option.value}
          disabled={option.disabled}
        >
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
};
