import { CONTROL_OR_INVISIBLE } from './characters';

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

const CONTROL_OR_INVISIBLE_ALL = new RegExp(CONTROL_OR_INVISIBLE.source, 'g');

/** Longest requester value quoted whole in a message. */
const MAX_QUOTED_LENGTH = 64;

/**
 * A requester's value made safe to quote in a problem's message or path: every control, line-break
 * and invisible character is written as `\uXXXX`, so the value stays on one line and reads as what
 * it is (no bidirectional override reorders the message), and a long value is cut.
 *
 * @public
 */
export function quoteForMessage(value: string): string {
  const visible = value.replace(
    CONTROL_OR_INVISIBLE_ALL,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const characters = Array.from(visible);
  return characters.length > MAX_QUOTED_LENGTH
    ? `${characters.slice(0, MAX_QUOTED_LENGTH - 3).join('')}...`
    : visible;
}
