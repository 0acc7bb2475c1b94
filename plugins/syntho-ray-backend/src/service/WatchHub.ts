import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { ClusterKey, ClusterWatch } from './ClusterWatch';
import { TooManyRequestsError } from './ViewerLimits';

/** The identity of a cluster's watch: keys with the same identity share one watch. */
export function watchId(key: ClusterKey): string {
  return `${key.kubernetesCluster}/${key.namespace}/${key.name}`;
}

/** A viewer's hold on a shared watch; call `release` when the viewer leaves. */
export interface WatchLease {
  watch: ClusterWatch;
  release(): void;
}

interface Entry {
  watch: ClusterWatch;
  viewers: number;
  releaseTimer?: NodeJS.Timeout;
}

/**
 * Shares one {@link ClusterWatch} per (Kubernetes cluster, namespace, Ray cluster) among all viewers,
 * keeps it while anyone holds a lease and for `lingerMs` after the last one leaves, then stops it.
 * At most `maxWatches` watches run at once: a new one first ends a lingering watch nobody holds,
 * and is refused (429) when every watch has viewers.
 */
export class WatchHub {
  private readonly entries = new Map<string, Entry>();
  /**
   * What stopped watches last knew, by watch id, so that a viewer who comes back while the API
   * cannot be read still sees the last known counts. At most as many as watches may run.
   */
  private readonly lastKnown = new Map<string, RayClusterSummary>();

  constructor(
    private readonly options: {
      /** `lastKnown`: what a stopped watch of the same cluster last knew, to start from. */
      create: (key: ClusterKey, lastKnown?: RayClusterSummary) => ClusterWatch;
      lingerMs: number;
      /** Watches running at once, lingering ones included. Default unlimited. */
      maxWatches?: number;
    },
  ) {}

  /** Watches running, lingering ones included. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * A lease on the cluster's watch, started if needed.
   *
   * @throws TooManyRequestsError when a new watch would exceed `maxWatches`.
   */
  acquire(key: ClusterKey): WatchLease {
    const id = watchId(key);
    let entry = this.entries.get(id);
    if (!entry) {
      this.makeRoom();
      const watch = this.options.create(key, this.lastKnown.get(id));
      this.lastKnown.delete(id);
      entry = { watch, viewers: 0 };
      this.entries.set(id, entry);
      watch.start();
    }
    clearTimeout(entry.releaseTimer);
    entry.releaseTimer = undefined;
    entry.viewers += 1;
    const held = entry;
    let released = false;
    return {
      watch: held.watch,
      release: () => {
        if (released) return;
        released = true;
        held.viewers -= 1;
        if (held.viewers > 0) return;
        held.releaseTimer = setTimeout(() => {
          if (this.entries.get(id) !== held || held.viewers > 0) return;
          this.stop(id, held);
        }, this.options.lingerMs);
        held.releaseTimer.unref?.();
      },
    };
  }

  stopAll() {
    for (const [id, entry] of [...this.entries]) this.stop(id, entry);
  }

  private makeRoom() {
    const max = this.options.maxWatches ?? Infinity;
    if (this.entries.size < max) return;
    // Map order is creation order: the oldest lingering watch goes first.
    for (const [id, entry] of this.entries) {
      if (entry.viewers === 0) {
        this.stop(id, entry);
        if (this.entries.size < max) return;
      }
    }
    throw new TooManyRequestsError(
      `The status backend already watches ${this.entries.size} Ray clusters, the most synthoRay.status.maxWatchedClusters allows; try again when viewers of others have left.`,
    );
  }

  private stop(id: string, entry: Entry) {
    clearTimeout(entry.releaseTimer);
    this.entries.delete(id);
    const known = entry.watch.lastKnownSummary();
    entry.watch.stop();
    if (!known) return;
    this.lastKnown.set(id, known);
    const max = Math.min(this.options.maxWatches ?? 1000, 1000);
    // Map order is insertion order: the one kept longest goes first.
    for (const oldest of this.lastKnown.keys()) {
      if (this.lastKnown.size <= max) break;
      this.lastKnown.delete(oldest);
    }
  }
}
