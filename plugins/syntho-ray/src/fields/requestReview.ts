import { parseEntityRef } from '@backstage/catalog-model';
import {
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { Translate } from '../translation';
import { requestFromForm } from './requestFromForm';
import type { ClusterSizeValue, ExtraVolumeValue } from './formValues';

/**
 * What the Review step shows of a Syntho Ray request beyond the template's own fields, in words a
 * person reads: the owner's name, each extra worker group as a line ("small: Workers 2, Min
 * replicas 1, …"), each volume as labelled rows, and the warnings the request validation gives.
 * Keys are left out when there is nothing to show.
 *
 * @public
 */
export interface RequestReview {
  owner?: string;
  workerGroups?: string[];
  volumes?: Array<Record<string, string>>;
  warnings?: string[];
}

/**
 * The most the Review value holds, as the template's schema of its `review` field bounds it so that
 * an API client cannot store more there: longer texts are cut. The Size and Storage steps do not go
 * on with more worker groups or volumes than the request allows (1000 and 32), and a request gets a
 * warning for each volume, image tag and OpenShift setting at most, far fewer than 1000.
 */
export const REVIEW_BOUNDS = {
  text: 500,
  workerGroups: 1000,
  volumes: 32,
  warnings: 1000,
};

/** `text` cut to {@link REVIEW_BOUNDS}' length in characters (code points, as JSON Schema counts). */
function clip(text: string) {
  const characters = Array.from(text);
  return characters.length > REVIEW_BOUNDS.text
    ? `${characters.slice(0, REVIEW_BOUNDS.text - 1).join('')}…`
    : text;
}

/**
 * The Review rows of a request from the template's answers (`formData`); `ownerName` is the owner's
 * display name when the catalog knows it.
 */
export function requestReview(
  formData: Record<string, any> | undefined,
  policy: SynthoRayPolicy,
  t: Translate,
  ownerName?: string,
): RequestReview {
  const form = formData ?? {};
  const groups = (form.size as ClusterSizeValue | undefined)?.extraWorkerGroups;
  const volumes = form.volumes as ExtraVolumeValue[] | undefined;
  const warnings = validateRequest(requestFromForm(form), {
    policy,
  }).warnings.map(w =>
    clip(t('review.warning', { message: `${w.message} ${w.fix}` })),
  );
  const review: RequestReview = {};
  const owner: string | undefined = form.owner || undefined;
  if (owner) {
    const shortRef = shortEntityRef(owner);
    // Two groups may share a display name: the short reference tells them apart.
    review.owner =
      ownerName && ownerName !== shortRef
        ? clip(t('review.owner', { name: ownerName, ref: shortRef }))
        : clip(shortRef);
  }
  if (groups?.length) {
    // One line per group: the values are checked on the Size step before Review can be reached,
    // so a name or size holds no "," or ":" that could read as another setting.
    review.workerGroups = groups.map((group, index) => {
      const details = (
        [
          ['review.workers', group.replicas],
          ['review.minReplicas', group.minReplicas],
          ['review.maxReplicas', group.maxReplicas],
          ['review.cpu', group.cpu],
          ['review.memory', group.memory],
        ] as const
      )
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([key, value]) => t(key, { value: String(value) }));
      return clip(
        t('review.workerGroup', {
          name:
            group.name ||
            t('review.unnamedGroup', { index: String(index + 1) }),
          details: details.join(', '),
        }),
      );
    });
  }
  if (volumes?.length) {
    // Each field is filled in: the Storage step does not go on while one is empty.
    review.volumes = volumes.map(volume => ({
      [t('review.volumeName')]: clip(volume.name ?? ''),
      [t('review.mountPath')]: clip(volume.mountPath ?? ''),
      [t('review.claim')]: clip(volume.persistentVolumeClaim ?? ''),
      [t('review.readOnly')]: t(volume.readOnly ? 'review.yes' : 'review.no'),
    }));
  }
  if (warnings.length) review.warnings = warnings;
  return review;
}

/** `group:default/data-science` as a person names it: `data-science`; another namespace stays. */
function shortEntityRef(ref: string) {
  try {
    const { namespace, name } = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}
