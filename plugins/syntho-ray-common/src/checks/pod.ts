import { checkEnvName } from '../names';
import { checkPlacement } from '../placement';
import { ProblemList } from '../problems';
import { LICENSE_ENV_NAME } from '../profiles';
import { formatMemory, parseQuantity, QuantityError } from '../quantity';
import { HeadSpec } from '../request';
import { MIN_HEAD_MEMORY, MIN_HEAD_MEMORY_BYTES } from '../synthoDefaults';
import { CheckContext } from './requestCheck';

/**
 * Checks one pod of the cluster, the head or a worker group's, at `path`: its size, its placement
 * and its environment. The head alone must have Syntho's minimum memory.
 */
export function checkPod(
  path: string,
  pod: Partial<HeadSpec>,
  { policy, resolved }: CheckContext,
  problems: ProblemList,
  { isHead }: { isHead: boolean },
) {
  const limits = {
    cpu: parseField(`${path}.cpu`, pod.cpu, problems),
    memory: parseField(`${path}.memory`, pod.memory, problems),
  };
  const requests = {
    cpu: parseField(`${path}.requests.cpu`, pod.requests?.cpu, problems),
    memory: parseField(
      `${path}.requests.memory`,
      pod.requests?.memory,
      problems,
    ),
  };
  for (const resource of ['cpu', 'memory'] as const) {
    const limit = limits[resource];
    const request = requests[resource];
    if (limit === 0n) {
      problems.error(
        `${path}.${resource}`,
        `${resource === 'cpu' ? 'CPU' : 'Memory'} must be more than zero.`,
        'Give the pod a size, e.g. 4 CPU and 16G.',
      );
    }
    if (limit !== undefined && request !== undefined && request > limit) {
      problems.error(
        `${path}.requests.${resource}`,
        `The ${resource} request (${pod.requests?.[resource]}) is larger than the limit (${pod[resource]}).`,
        `Lower requests.${resource} to at most ${pod[resource]}, or raise ${resource}.`,
      );
    }
  }
  if (isHead) {
    for (const [field, value] of [
      ['memory', limits.memory],
      ['requests.memory', requests.memory],
    ] as const) {
      if (value !== undefined && value < MIN_HEAD_MEMORY_BYTES) {
        problems.error(
          `${path}.${field}`,
          `The head has ${formatMemory(
            value,
          )} of memory; below ${MIN_HEAD_MEMORY} the Ray head runs out of memory (OOMKilled).`,
          `Give the head at least ${MIN_HEAD_MEMORY} of memory (Syntho recommends 64G for production).`,
        );
      }
    }
  }
  checkPlacement(
    path,
    pod,
    { policy, namespace: resolved.namespace },
    problems,
  );
  checkEnv(`${path}.env`, pod.env, problems);
}

function parseField(
  path: string,
  value: string | undefined,
  problems: ProblemList,
) {
  if (value === undefined) return undefined;
  try {
    return parseQuantity(value);
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    problems.error(path, error.message, 'Write it like 16, 500m, 64G or 8Gi.');
    return undefined;
  }
}

function checkEnv(path: string, env: HeadSpec['env'], problems: ProblemList) {
  const seen = new Set<string>();
  (env ?? []).forEach((variable, index) => {
    const itemPath = `${path}[${index}].name`;
    const nameProblem = checkEnvName(variable.name);
    if (nameProblem) {
      problems.error(
        itemPath,
        `Variable name "${variable.name}" ${nameProblem}.`,
        'Rename the variable.',
      );
    }
    if (variable.name === LICENSE_ENV_NAME) {
      problems.error(
        itemPath,
        `${LICENSE_ENV_NAME} carries the Syntho license, which the chart wires from the license Secret.`,
        'Remove this variable; set license.secretName instead.',
      );
    }
    if (seen.has(variable.name)) {
      problems.error(
        itemPath,
        `Variable "${variable.name}" is set twice.`,
        'Keep one of them.',
      );
    }
    seen.add(variable.name);
  });
}
