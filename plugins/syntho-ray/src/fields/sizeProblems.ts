import {
  Problem,
  SynthoRayPolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import type { ClusterSizeValue } from './formValues';
import { requestForStep } from './requestFromForm';

export type { ClusterSizeValue } from './formValues';

const SIZE_PATHS = /^(head|extraWorkerGroups|workerGroups)(\.|\[|$)/;

/**
 * Runs the request validation of syntho-ray-common on the Size step together with the other steps'
 * answers, and keeps the problems about sizes: the same checks the scaffolder action makes.
 *
 * @public
 */
export function sizeProblems(
  size: ClusterSizeValue | undefined,
  formData: Record<string, any> | undefined,
  policy: SynthoRayPolicy,
): Problem[] {
  const request = requestForStep({ ...formData, size }, [
    'head',
    'extraWorkerGroups',
    'images',
  ]);
  return validateRequest(request, { policy }).problems.filter(problem =>
    SIZE_PATHS.test(problem.path),
  );
}

const GROUP_FIELD_NAMES: Record<string, string> = {
  name: 'group name',
  replicas: 'workers',
  minReplicas: 'minimum workers',
  maxReplicas: 'maximum workers',
  cpu: 'CPU',
  memory: 'memory',
};

/**
 * Where a size problem is, in the words of the form's labels ("Worker group 1, minimum workers"),
 * for the messages the scaffolder lists after Next, which name no field on their own.
 *
 * @public
 */
export function sizeProblemPlace(path: string): string {
  const group = /^extraWorkerGroups\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (group) {
    const field = group[2] && GROUP_FIELD_NAMES[group[2]];
    const place = `Worker group ${Number(group[1]) + 1}`;
    return field ? `${place}, ${field}` : place;
  }
  if (path.startsWith('head.cpu') || path.startsWith('head.requests.cpu'))
    return 'Head CPU';
  if (path.startsWith('head.memory') || path.startsWith('head.requests.memory'))
    return 'Head memory';
  if (path.startsWith('head')) return 'Head';
  return 'Worker groups';
}
