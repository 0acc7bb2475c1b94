import {
  Problem,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { ExtraVolumeValue } from './formValues';
import { requestForStep } from './requestFromForm';

export type { ExtraVolumeValue } from './formValues';

/** What an empty field of a volume says, instead of the grammar's "is empty" or "is not absolute". */
const EMPTY: Record<
  'name' | 'mountPath' | 'persistentVolumeClaim',
  Pick<Problem, 'message' | 'fix'>
> = {
  name: { message: 'The volume has no name.', fix: 'Enter one, e.g. data.' },
  mountPath: {
    message: 'The volume has no mount path.',
    fix: "Enter where Ray's pods see it, e.g. /mnt/data.",
  },
  persistentVolumeClaim: {
    message: 'The volume has no PersistentVolumeClaim.',
    fix: 'Enter the name of a claim in the namespace.',
  },
};

/**
 * The problems (errors and warnings, in words) the request validation finds in the extra volumes,
 * e.g. a relative mount path, a mount over Ray's own folders or two volumes with one name: the same
 * checks the scaffolder action makes, shown while the user types. An empty field asks to be filled
 * in. Only the fields the volumes depend on are taken from the rest of the form, so a mistake
 * elsewhere does not hide them.
 */
export function volumeProblems(
  volumes: ExtraVolumeValue[] | undefined,
  formData: Record<string, any> | undefined,
  policy: SynthoRayPolicy,
): Problem[] {
  if (!volumes?.length) return [];
  const request = requestForStep({ ...formData, volumes }, ['volumes']);
  const empty = volumes.flatMap((volume, index) =>
    (Object.keys(EMPTY) as Array<keyof typeof EMPTY>)
      .filter(field => !volume[field])
      .map(field => ({
        severity: 'error' as const,
        path: `volumes[${index}].${field}`,
        ...EMPTY[field],
      })),
  );
  const checked = validateRequest(request, { policy }).problems.filter(
    problem =>
      /^volumes(\[|$)/.test(problem.path) &&
      !empty.some(e => problem.path === e.path),
  );
  return [...empty, ...checked];
}

const VOLUME_FIELD_NAMES = {
  name: 'volume name',
  mountPath: 'mount path',
  persistentVolumeClaim: 'PersistentVolumeClaim',
};

/**
 * Where a volume problem is, in the words of the form ("Volume 2, mount path"), for the messages the
 * scaffolder lists after Next, which name no field on their own. A problem of the volumes as a
 * whole (more than the request allows) is about "Extra volumes"; every volume the form sends has a
 * claim, so a problem of one volume is always about one of its fields.
 */
export function volumeProblemPlace(path: string): string {
  const volume =
    /^volumes\[(\d+)\]\.(name|mountPath|persistentVolumeClaim)\b/.exec(path);
  if (!volume) return 'Extra volumes';
  const field = volume[2] as keyof typeof VOLUME_FIELD_NAMES;
  return `Volume ${Number(volume[1]) + 1}, ${VOLUME_FIELD_NAMES[field]}`;
}
