/**
 * One finding of validation: where, what, and what to do about it.
 *
 * @public
 */
export interface Problem {
  /** `error` blocks the request; `warning` is shown to the requester and the reviewer. */
  severity: 'error' | 'warning';
  /** Field path in the request, e.g. `workerGroups[1].memory`; empty for the request as a whole. */
  path: string;
  message: string;
  /** How to fix it. */
  fix: string;
}

/**
 * Formats a path array (`['workerGroups', 1, 'memory']`) as `workerGroups[1].memory`.
 *
 * @public
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/**
 * One line per problem: `error workerGroups[1].memory: … Fix: …`.
 *
 * @public
 */
export function formatProblems(problems: Problem[]): string {
  return problems
    .map(
      p => `${p.severity} ${p.path || '(request)'}: ${p.message} Fix: ${p.fix}`,
    )
    .join('\n');
}

/**
 * Collects problems while checks run.
 *
 * @public
 */
export class ProblemList {
  readonly items: Problem[] = [];

  error(path: string, message: string, fix: string) {
    this.items.push({ severity: 'error', path, message, fix });
  }

  warning(path: string, message: string, fix: string) {
    this.items.push({ severity: 'warning', path, message, fix });
  }

  get errors() {
    return this.items.filter(p => p.severity === 'error');
  }

  get warnings() {
    return this.items.filter(p => p.severity === 'warning');
  }
}
