import {
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { Translate } from '../translation';
import type { ClusterSizeValue } from './sizeProblems';
import { ExtraVolumeValue, volumesForRequest } from './volumeProblems';

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

/** `entries` without the ones that hold nothing, as an object. */
function present<T>(entries: Array<[string, T | undefined | '']>) {
  return Object.fromEntries(
    entries.filter(([, value]) => value !== undefined && value !== ''),
  ) as Record<string, T>;
}

/**
 * The template's answers as the request `syntho:rayCluster:render` validates, so that the warnings
 * on Review are the ones the pull request will carry.
 */
function requestFromForm(form: Record<string, any>) {
  const size: ClusterSizeValue = form.size ?? {};
  const images = present<string>([
    ['rayTag', form.rayTag],
    ['operatorTag', form.operatorTag],
  ]);
  const head = present<string>(Object.entries(size.head ?? {}));
  return {
    name: form.name ?? '',
    namespace: form.namespace ?? '',
    preset: size.preset ?? 'development',
    ...present<unknown>([
      ['targetCluster', form.targetCluster],
      ['owner', form.owner],
      ['description', form.description],
      ['storageClass', form.storageClass],
      ['openshift', form.openshift],
    ]),
    ...(Object.keys(head).length ? { head } : {}),
    ...(Object.keys(images).length ? { images } : {}),
    extraWorkerGroups: (size.extraWorkerGroups ?? []).map(group => ({
      name: '',
      replicas: 1,
      cpu: '',
      memory: '',
      ...present<unknown>(Object.entries(group)),
    })),
    volumes: volumesForRequest(form.volumes),
  };
}

/**
 * The Review rows of a request from the template's answers (`formData`); `ownerName` is the owner's
 * display name when the catalog knows it.
 *
 * @public
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
    t('review.warning', { message: `${w.message} ${w.fix}` }),
  );
  const review: RequestReview = {};
  const owner = ownerName || form.owner;
  if (owner) review.owner = owner;
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
      return t('review.workerGroup', {
        name:
          group.name || t('review.unnamedGroup', { index: String(index + 1) }),
        details: details.join(', '),
      });
    });
  }
  if (volumes?.length) {
    review.volumes = volumes.map(volume =>
      present<string>([
        [t('review.volumeName'), volume.name],
        [t('review.mountPath'), volume.mountPath],
        [t('review.claim'), volume.persistentVolumeClaim],
        [t('review.readOnly'), t(volume.readOnly ? 'review.yes' : 'review.no')],
      ]),
    );
  }
  if (warnings.length) review.warnings = warnings;
  return review;
}
