import {
  Box,
  Button,
  Grid,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  Problem,
  presets,
  WorkerGroupSpec,
} from '@syntho-ray/plugin-syntho-ray-common';
import { ChangeEvent, useMemo } from 'react';
import { synthoRayTranslationRef, type Translate } from '../translation';
import { ItemRow } from './ItemRow';
import { ClusterSizeValue, sizeProblems } from './sizeProblems';
import { usePolicy } from './usePolicy';

/** Each preset with its sizes, read from the presets the validation uses. */
function presetLabels(t: Translate) {
  const production = presets.production;
  const [worker] = production.workerGroups;
  return {
    development: t('sizeField.presets.development', {
      cpu: presets.development.head.cpu,
      memory: presets.development.head.memory,
    }),
    production: t('sizeField.presets.production', {
      cpu: production.head.cpu,
      memory: production.head.memory,
      workerCpu: worker.cpu,
      workerMemory: worker.memory,
    }),
    custom: t('sizeField.presets.custom'),
  };
}

type GroupField =
  | 'name'
  | 'replicas'
  | 'minReplicas'
  | 'maxReplicas'
  | 'cpu'
  | 'memory';
const GROUP_FIELDS: Array<{
  field: GroupField;
  label: `sizeField.${
    | 'groupName'
    | 'workers'
    | 'min'
    | 'max'
    | 'cpu'
    | 'memory'}`;
  numeric?: boolean;
  width: 1 | 2 | 3;
}> = [
  { field: 'name', label: 'sizeField.groupName', width: 3 },
  { field: 'replicas', label: 'sizeField.workers', numeric: true, width: 2 },
  { field: 'minReplicas', label: 'sizeField.min', numeric: true, width: 1 },
  { field: 'maxReplicas', label: 'sizeField.max', numeric: true, width: 1 },
  { field: 'cpu', label: 'sizeField.cpu', width: 2 },
  { field: 'memory', label: 'sizeField.memory', width: 2 },
];

/** The errors at `path` and, unless `exact`, below it, as one text. */
function messagesFor(problems: Problem[], path: string, exact = false) {
  const matching = problems.filter(
    p =>
      p.severity === 'error' &&
      (p.path === path || (!exact && p.path.startsWith(`${path}.`))),
  );
  return matching.length
    ? matching.map(p => `${p.message} ${p.fix}`).join(' ')
    : undefined;
}

/**
 * The Size step of the Syntho Ray template: a preset, head overrides and extra worker groups (add and
 * remove), checked while the user types with the same validation the scaffolder action runs.
 *
 * @public
 */
export const RayClusterSizeField = (
  props: FieldExtensionComponentProps<ClusterSizeValue>,
) => {
  const { formData, onChange, formContext, idSchema } = props;
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const idPrefix = idSchema?.$id ?? 'syntho-ray-size';
  const policy = usePolicy();
  const value: ClusterSizeValue = { preset: 'development', ...formData };
  const groups = value.extraWorkerGroups ?? [];
  const problems = useMemo(
    () => sizeProblems(value, formContext?.formData, policy),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(value), JSON.stringify(formContext?.formData), policy],
  );
  const presetHead =
    value.preset === 'custom' ? undefined : presets[value.preset!].head;
  const presetGroups =
    value.preset === 'custom' ? [] : presets[value.preset!].workerGroups;

  const update = (next: Partial<ClusterSizeValue>) =>
    onChange({ ...value, ...next });
  const updateGroup = (
    index: number,
    field: GroupField,
    raw: string,
    numeric?: boolean,
  ) => {
    const cleared = numeric && raw === '';
    const parsed = numeric && !cleared ? Number(raw) : raw;
    update({
      extraWorkerGroups: groups.map((group, i) =>
        i === index
          ? { ...group, [field]: cleared ? undefined : parsed }
          : group,
      ),
    });
  };
  const totalsError = messagesFor(problems, 'workerGroups');

  return (
    <Box mb={2} data-testid="ray-cluster-size-field">
      <TextField
        select
        fullWidth
        id={`${idPrefix}-preset`}
        margin="normal"
        label={t('sizeField.preset')}
        value={value.preset}
        onChange={(e: ChangeEvent<{ value: unknown }>) =>
          update({ preset: e.target.value as ClusterSizeValue['preset'] })
        }
        inputProps={{ 'data-testid': 'preset' }}
      >
        {Object.entries(presetLabels(t)).map(([id, label]) => (
          <MenuItem key={id} value={id}>
            {label}
          </MenuItem>
        ))}
      </TextField>

      <Typography variant="subtitle1">{t('sizeField.head')}</Typography>
      <Grid container spacing={2}>
        {(['cpu', 'memory'] as const).map(field => {
          const error =
            messagesFor(problems, `head.${field}`) ??
            (field === 'memory'
              ? messagesFor(problems, 'head.requests.memory')
              : undefined);
          return (
            <Grid item xs={6} key={field}>
              <TextField
                fullWidth
                id={`${idPrefix}-head-${field}`}
                label={t(
                  field === 'cpu'
                    ? 'sizeField.headCpu'
                    : 'sizeField.headMemory',
                )}
                placeholder={
                  presetHead?.[field] ??
                  t(
                    field === 'cpu'
                      ? 'sizeField.cpuExample'
                      : 'sizeField.memoryExample',
                  )
                }
                value={value.head?.[field] ?? ''}
                onChange={e =>
                  update({
                    head: {
                      ...value.head,
                      [field]: e.target.value || undefined,
                    },
                  })
                }
                error={Boolean(error)}
                helperText={
                  error ??
                  (presetHead
                    ? t('sizeField.fromPreset', { value: presetHead[field] })
                    : t('sizeField.requiredForCustom'))
                }
              />
            </Grid>
          );
        })}
      </Grid>

      <Box mt={2}>
        <Typography variant="subtitle1">
          {t('sizeField.workerGroups')}
        </Typography>
        {presetGroups.map((group: WorkerGroupSpec) => (
          <Typography key={group.name} variant="body2" color="textSecondary">
            {t('sizeField.presetGroup', {
              name: group.name,
              replicas: String(group.replicas),
              cpu: group.cpu,
              memory: group.memory,
            })}
          </Typography>
        ))}
        {groups.map((group, index) => {
          // A bound out of order or a group-wide problem marks its fields and is said once, in a
          // full-width line under the row: a one-column "Min" field has no room for a sentence.
          const fieldErrors = GROUP_FIELDS.map(({ field, label }) => ({
            field,
            label,
            message:
              messagesFor(problems, `extraWorkerGroups[${index}].${field}`) ??
              (field === 'replicas'
                ? messagesFor(problems, `extraWorkerGroups[${index}]`, true)
                : undefined),
          }));
          const rowMessages = fieldErrors.filter(e => e.message);
          return (
            <ItemRow
              key={index}
              testId={`worker-group-${index}`}
              problemsId={`${idPrefix}-group-${index}-problems`}
              removeLabel={t('sizeField.removeGroup', {
                name: group.name || String(index + 1),
              })}
              onRemove={() =>
                update({
                  extraWorkerGroups: groups.filter((_, i) => i !== index),
                })
              }
              problems={rowMessages.map(({ field, label, message }) => ({
                key: field,
                testId: `worker-group-${index}-${field}-error`,
                text: t('sizeField.fieldProblem', {
                  field: t(label),
                  message: message!,
                }),
              }))}
            >
              {GROUP_FIELDS.map(({ field, label, numeric, width }, i) => {
                const message = fieldErrors[i].message;
                return (
                  <Grid item xs={width} key={field}>
                    <TextField
                      fullWidth
                      id={`${idPrefix}-group-${index}-${field}`}
                      label={t(label)}
                      type={numeric ? 'number' : 'text'}
                      value={group[field] ?? ''}
                      onChange={e =>
                        updateGroup(index, field, e.target.value, numeric)
                      }
                      error={Boolean(message)}
                      inputProps={{
                        'aria-describedby': message
                          ? `${idPrefix}-group-${index}-problems`
                          : undefined,
                      }}
                    />
                  </Grid>
                );
              })}
            </ItemRow>
          );
        })}
        <Button
          startIcon={<AddIcon />}
          onClick={() =>
            update({
              extraWorkerGroups: [
                ...groups,
                {
                  name: `group-${groups.length + 1}`,
                  replicas: 1,
                  minReplicas: 1,
                  maxReplicas: 1,
                  cpu: '4',
                  memory: '8G',
                },
              ],
            })
          }
        >
          {t('sizeField.addGroup')}
        </Button>
        {totalsError && (
          <Typography color="error" variant="body2" role="alert">
            {totalsError}
          </Typography>
        )}
        {problems
          .filter(p => p.severity === 'warning')
          .map(p => (
            <Typography
              key={p.path + p.message}
              variant="body2"
              color="textSecondary"
            >
              ⚠️ {p.message} {p.fix}
            </Typography>
          ))}
      </Box>
    </Box>
  );
};
