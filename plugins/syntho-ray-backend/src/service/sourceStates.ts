import { ObservationError } from '@syntho-ray/plugin-syntho-ray-common';
import type { KubernetesApiError } from './KubernetesProxyApi';
import { Source, SOURCES } from './watchSources';

/** `error` as the reason `source` is not known, with the API's status when it gave one. */
export function observationError(
  source: Source,
  error: unknown,
): ObservationError {
  const statusCode =
    (error as KubernetesApiError).statusCode ??
    (error as { code?: number }).code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    source,
    ...(typeof statusCode === 'number' && { status: statusCode }),
    message,
  };
}

/**
 * Where each source of a watch stands: whether it has answered or failed once, why it fails now,
 * and how many times in a row it failed (which sets the wait before its next retry).
 */
export class SourceStates {
  private readonly errors = new Map<Source, ObservationError>();
  private readonly attemptedSources = new Set<Source>();
  private readonly retries = new Map<Source, number>();
  /** Sources whose list just succeeded; their watch is about to open. */
  private readonly listedSources = new Set<Source>();

  /** Whether `source` has answered or failed once. */
  attempted(source: Source): boolean {
    return this.attemptedSources.has(source);
  }

  /** Whether every source has answered or failed once. */
  allAttempted(): boolean {
    return SOURCES.every(s => this.attemptedSources.has(s));
  }

  /** Notes that `source` answered or failed; true the first time. */
  markAttempted(source: Source): boolean {
    if (this.attemptedSources.has(source)) return false;
    this.attemptedSources.add(source);
    return true;
  }

  /** Whether `source` fails now. */
  failing(source: Source): boolean {
    return this.errors.has(source);
  }

  /** Whether any source fails now. */
  anyFailing(): boolean {
    return this.errors.size > 0;
  }

  /** Whether `source` has answered and does not fail now. */
  known(source: Source): boolean {
    return this.attempted(source) && !this.failing(source);
  }

  /** Why sources fail now, in the order they began to. */
  failures(): ObservationError[] {
    return [...this.errors.values()];
  }

  /** `source` answered: its retries start over. True when it failed until now. */
  succeeded(source: Source): boolean {
    this.retries.delete(source);
    return this.errors.delete(source);
  }

  /** Notes why a source fails; true when it did not fail until now. */
  record(failure: ObservationError): boolean {
    const first = !this.errors.has(failure.source);
    this.errors.set(failure.source, failure);
    return first;
  }

  /** Counts a failure of `source` that will be retried: the attempt (1, 2, …) the retry is. */
  nextAttempt(source: Source): number {
    const attempt = (this.retries.get(source) ?? 0) + 1;
    this.retries.set(source, attempt);
    return attempt;
  }

  /** Notes that a list of `source` filled its cache. */
  listed(source: Source) {
    this.listedSources.add(source);
  }

  /** Whether a list of `source` filled its cache since this was last asked. */
  takeListed(source: Source): boolean {
    return this.listedSources.delete(source);
  }
}
