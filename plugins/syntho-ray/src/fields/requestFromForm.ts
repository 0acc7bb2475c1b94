import type { RayClusterRequest } from '@syntho-ray/plugin-syntho-ray-common';
import type { ClusterSizeValue, ExtraVolumeValue } from './formValues';

/** The template's answers, as the scaffolder's form holds them. */
export type FormAnswers = Record<string, any>;

/**
 * The request with the answers that are empty left out: the scaffolder renders an empty answer
 * into a step's input as no value at all.
 */
function withoutEmpty<T extends object>(value: T | undefined) {
  const entries = Object.entries(value ?? {}).filter(
    ([, v]) => v !== undefined && v !== '',
  );
  return entries.length
    ? (Object.fromEntries(entries) as Partial<T>)
    : undefined;
}

/**
 * The template's answers as the request its `render` step hands to `syntho:rayCluster:render`, so
 * that the form's live checks and Review's warnings are the ones the pull request gets. A worker
 * group's or volume's empty field stays an empty string, so that the request validation names that
 * field instead of the whole row.
 */
export function requestFromForm(
  form: FormAnswers | undefined,
): Partial<RayClusterRequest> {
  const answers = form ?? {};
  const size: ClusterSizeValue = answers.size ?? {};
  const volumes: ExtraVolumeValue[] | undefined = answers.volumes;
  return withoutEmpty({
    name: answers.name,
    namespace: answers.namespace,
    // The template's default; the Size field keeps one once it is shown.
    preset: size.preset ?? 'development',
    targetCluster: answers.targetCluster,
    owner: answers.owner,
    description: answers.description,
    head: withoutEmpty(size.head),
    extraWorkerGroups: size.extraWorkerGroups?.map(group => ({
      name: '',
      replicas: 1,
      cpu: '',
      memory: '',
      ...withoutEmpty(group),
    })),
    images: withoutEmpty({
      rayTag: answers.rayTag,
      operatorTag: answers.operatorTag,
    }),
    storageClass: answers.storageClass,
    volumes: volumes?.map(volume => ({
      name: volume.name ?? '',
      mountPath: volume.mountPath ?? '',
      persistentVolumeClaim: volume.persistentVolumeClaim ?? '',
      ...(volume.readOnly === undefined ? {} : { readOnly: volume.readOnly }),
    })),
    openshift: answers.openshift,
  }) as Partial<RayClusterRequest>;
}

/** What a cluster's name and namespace are while the first step's answers are not (yet) valid. */
const STAND_IN = { name: 'ray-cluster', namespace: 'syntho' };

/**
 * The request one step's live checks validate: that step's answers (`keys`) and the ones the policy
 * applies them to (target cluster, preset). The request validation stops at the first answer that
 * breaks the request's schema, so the other steps' answers are left out, and a missing name or
 * namespace has a stand-in: a mistake elsewhere must not hide this step's problems.
 */
export function requestForStep(
  form: FormAnswers | undefined,
  keys: ReadonlyArray<keyof RayClusterRequest>,
): Partial<RayClusterRequest> {
  const request = requestFromForm(form);
  const own = Object.fromEntries(
    (['targetCluster', 'preset', ...keys] as const).map(key => [
      key,
      request[key],
    ]),
  );
  return {
    name: request.name ?? STAND_IN.name,
    namespace: request.namespace ?? STAND_IN.namespace,
    ...own,
  };
}
