import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  Grid,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useMemo } from 'react';
import { synthoRayTranslationRef } from '../translation';
import { ItemRow } from './ItemRow';
import { usePolicy } from './usePolicy';
import { ExtraVolumeValue, volumeProblems } from './volumeProblems';

type TextKey = 'name' | 'mountPath' | 'persistentVolumeClaim';
const TEXT_FIELDS: Array<{
  field: TextKey;
  label: `volumesField.${'name' | 'mountPath' | 'claim'}`;
}> = [
  { field: 'name', label: 'volumesField.name' },
  { field: 'mountPath', label: 'volumesField.mountPath' },
  { field: 'persistentVolumeClaim', label: 'volumesField.claim' },
];

/**
 * The extra volumes of the Syntho Ray template (`ui:field: SynthoRayVolumes`), one row per volume
 * laid out like the Size step's worker groups: name, mount path, claim and read-only side by side, a
 * remove button, and each problem in words under its row while the user types.
 *
 * @public
 */
export const VolumesField = (
  props: FieldExtensionComponentProps<ExtraVolumeValue[]>,
) => {
  const { formData, onChange, formContext, idSchema, schema, rawErrors } =
    props;
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const idPrefix = idSchema?.$id ?? 'syntho-ray-volumes';
  const policy = usePolicy();
  const volumes = useMemo(() => formData ?? [], [formData]);
  const problems = useMemo(
    () => volumeProblems(volumes, formContext?.formData, policy),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(volumes), JSON.stringify(formContext?.formData), policy],
  );
  // A row just added is empty: it asks to be filled in only once Next found it so, and each message
  // goes as soon as its field is fixed (the template hides the schema's own error line).
  const triedNext = (rawErrors?.length ?? 0) > 0;
  const errorsAt = (path: string) => {
    const matching = problems.filter(
      p => p.severity === 'error' && p.path === path,
    );
    return matching.length
      ? matching.map(p => `${p.message} ${p.fix}`).join(' ')
      : undefined;
  };
  const updateVolume = (index: number, next: Partial<ExtraVolumeValue>) =>
    onChange(volumes.map((v, i) => (i === index ? { ...v, ...next } : v)));

  return (
    <Box mb={2} data-testid="volumes-field">
      {schema.title && (
        <Typography variant="subtitle1">{schema.title}</Typography>
      )}
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {volumes.map((volume, index) => {
        const fieldErrors = TEXT_FIELDS.map(({ field, label }) => ({
          field,
          label,
          message:
            !volume[field] && !triedNext
              ? undefined
              : errorsAt(`volumes[${index}].${field}`),
        }));
        const problemsId = `${idPrefix}-${index}-problems`;
        return (
          <ItemRow
            key={index}
            testId={`volume-${index}`}
            problemsId={problemsId}
            removeLabel={t('volumesField.removeVolume', {
              name: volume.name || String(index + 1),
            })}
            onRemove={() => onChange(volumes.filter((_, i) => i !== index))}
            problems={fieldErrors
              .filter(e => e.message)
              .map(({ field, label, message }) => ({
                key: field,
                testId: `volume-${index}-${field}-error`,
                text: t('volumesField.fieldProblem', {
                  field: t(label),
                  message: message!,
                }),
              }))}
          >
            {TEXT_FIELDS.map(({ field, label }, i) => {
              const message = fieldErrors[i].message;
              return (
                <Grid item xs={3} key={field}>
                  <TextField
                    fullWidth
                    id={`${idPrefix}-${index}-${field}`}
                    label={t(label)}
                    placeholder={
                      field === 'mountPath'
                        ? t('volumesField.mountPathExample')
                        : undefined
                    }
                    value={volume[field] ?? ''}
                    onChange={e =>
                      updateVolume(index, { [field]: e.target.value })
                    }
                    error={Boolean(message)}
                    inputProps={{
                      'aria-describedby': message ? problemsId : undefined,
                    }}
                  />
                </Grid>
              );
            })}
            <Grid item xs={2}>
              <FormControlLabel
                control={
                  <Checkbox
                    id={`${idPrefix}-${index}-readOnly`}
                    checked={volume.readOnly ?? false}
                    onChange={e =>
                      updateVolume(index, { readOnly: e.target.checked })
                    }
                  />
                }
                label={t('volumesField.readOnly')}
              />
            </Grid>
          </ItemRow>
        );
      })}
      <Button
        startIcon={<AddIcon />}
        onClick={() =>
          onChange([
            ...volumes,
            { name: '', mountPath: '', persistentVolumeClaim: '' },
          ])
        }
      >
        {t('volumesField.addVolume')}
      </Button>
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
  );
};
