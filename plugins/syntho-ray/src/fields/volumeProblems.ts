import {
  Problem,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';

/**
 * One extra volume as the template's Storage step collects it: a PersistentVolumeClaim mounted into
 * every Ray pod.
 *
 * @public
 */
export interface ExtraVolumeValue {
  name?: string;
  mountPath?: string;
  persistentVolumeClaim?: string;
  readOnly?: boolean;
}

/** The volumes as the request model reads them: an empty field is an empty name, not a missing key. */
export function volumesForRequest(volumes: ExtraVolumeValue[] | undefined) {
  return (volumes ?? []).map(volume => ({
    name: volume.name ?? '',
    mountPath: volume.mountPath ?? '',
    persistentVolumeClaim: volume.persistentVolumeClaim ?? '',
    ...(volume.readOnly === undefined ? {} : { readOnly: volume.readOnly }),
  }));
}

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
 *
 * @public
 */
export function volumeProblems(
  volumes: ExtraVolumeValue[] | undefined,
  formData: Record<string, any> | undefined,
  policy: SynthoRayPolicy,
): Problem[] {
  if (!volumes?.length) return [];
  const request = {
    name: formData?.name || 'ray-cluster',
    namespace: formData?.namespace || 'syntho',
    targetCluster: formData?.targetCluster,
    preset: 'development',
    volumes: volumesForRequest(volumes),
  };
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

const VOLUME_FIELD_NAMES: Record<string, string> = {
  name: 'volume name',
  mountPath: 'mount path',
  persistentVolumeClaim: 'PersistentVolumeClaim',
};

/**
 * Where a volume problem is, in the words of the form ("Volume 2, mount path"), for the messages the
 * scaffolder lists after Next, which name no field on their own.
 *
 * @public
 */
export function volumeProblemPlace(path: string): string {
  const volume = /^volumes\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (!volume) return 'Extra volumes';
  const field = volume[2] && VOLUME_FIELD_NAMES[volume[2]];
  const place = `Volume ${Number(volume[1]) + 1}`;
  return field ? `${place}, ${field}` : place;
}
