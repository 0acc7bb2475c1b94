import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';

/** What a {@link SummaryPublisher} summarises, and when it may push. */
export interface SummaryPublisherOptions {
  /** The summary now. */
  summarize(): RayClusterSummary;
  /** Runs before each summary is made (e.g. to note what changed since the last one). */
  beforeSummary?(): void;
  /** Whether subscribers get summaries yet: until then they would lack sources still being read. */
  canPublish(): boolean;
  /** Quiet time before a change is summarised and pushed. */
  debounceMs: number;
}

/**
 * Serialises the summary once per change for every viewer: changes are gathered for `debounceMs`,
 * and subscribers get the JSON only when it differs from the last beyond its timestamp.
 */
export class SummaryPublisher {
  private readonly listeners = new Set<(json: string) => void>();
  private debounce?: NodeJS.Timeout;
  private lastJson = '';
  private dirty = true;
  private lastComparable = '';
  private stopped = false;

  constructor(private readonly options: SummaryPublisherOptions) {}

  /** The current summary as JSON, computed once per change for every viewer. */
  json(): string {
    if (this.dirty) this.recompute();
    return this.lastJson;
  }

  /** Calls `listener` with the summary's JSON after each change; returns the unsubscribe. */
  subscribe(listener: (json: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Something the summary reads changed: it is made again after the quiet time. */
  changed() {
    this.dirty = true;
    if (this.stopped || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      // Until then a summary would lack sources still being listed: viewers get the first one
      // when it is complete (see ClusterWatch.firstSummary).
      if (this.recompute() && this.options.canPublish())
        for (const listener of this.listeners) listener(this.lastJson);
    }, this.options.debounceMs);
  }

  /** Pushes nothing more and forgets the subscribers; {@link SummaryPublisher.json} still answers. */
  stop() {
    this.stopped = true;
    clearTimeout(this.debounce);
    this.listeners.clear();
  }

  /** Recomputes the summary; true when it differs from the last one (beyond its timestamp). */
  private recompute(): boolean {
    this.dirty = false;
    this.options.beforeSummary?.();
    const summary = this.options.summarize();
    const comparable = JSON.stringify({ ...summary, observedAt: '' });
    this.lastJson = JSON.stringify(summary);
    if (comparable === this.lastComparable) return false;
    this.lastComparable = comparable;
    return true;
  }
}
