import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEffect, useMemo, useState } from 'react';
import { synthoRayTranslationRef } from '../translation';
import { RequestReview, requestReview } from './requestReview';
import { usePolicy } from './usePolicy';

/** Reports the display name the catalog gives `owner` (a group's or user's profile name). */
function OwnerName(props: {
  owner: string;
  onName: (named: { owner: string; name: string }) => void;
}) {
  const { owner, onName } = props;
  const { primaryTitle } = useEntityPresentation(owner, {
    defaultKind: 'Group',
    defaultNamespace: 'default',
  });
  useEffect(
    () => onName({ owner, name: primaryTitle }),
    [owner, primaryTitle, onName],
  );
  return null;
}

/**
 * Keeps the readable Review rows of a Syntho Ray request in the form
 * (`ui:field: SynthoRayRequestReview` on the template's last step): the scaffolder's Review step in the new
 * frontend system shows form values and their schema titles only, with no component of ours, so
 * the owner's display name, the worker groups and volumes as labelled rows and the request's
 * warnings reach it as this field's value. It renders nothing on the step itself. Nothing on the
 * server reads the value.
 *
 * @public
 */
export const RequestReviewField = (
  props: FieldExtensionComponentProps<RequestReview>,
) => {
  const { formData, onChange, formContext } = props;
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const policy = usePolicy();
  const form: Record<string, any> | undefined = formContext?.formData;
  const owner =
    typeof form?.owner === 'string' && form.owner ? form.owner : undefined;
  const [named, setNamed] = useState<{ owner: string; name: string }>();
  const ownerName = named?.owner === owner ? named?.name : undefined;
  const review = useMemo(
    () => requestReview(form, policy, t, ownerName),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(form), policy, t, ownerName],
  );
  useEffect(() => {
    if (JSON.stringify(review) !== JSON.stringify(formData ?? {})) {
      onChange(review);
    }
  }, [review, formData, onChange]);
  return owner ? <OwnerName owner={owner} onName={setNamed} /> : null;
};
