import { ClusterKey, ClusterWatch } from './ClusterWatch';

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
 */
export class WatchHub {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: {
      create: (key: ClusterKey) => ClusterWatch;
      lingerMs: number;
    },
  ) {}

  acquire(key: ClusterKey): WatchLease {
    const id = watchId(key);
    let entry = this.entries.get(id);
    if (!entry) {
      const watch = this.options.create(key);
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
          this.entries.delete(id);
          held.watch.stop();
        }, this.options.lingerMs);
        held.releaseTimer.unref?.();
      },
    };
  }

  stopAll() {
    for (const entry of this.entries.values()) {
      clearTimeout(entry.releaseTimer);
      entry.watch.stop();
    }
    this.entries.clear();
  }
}
