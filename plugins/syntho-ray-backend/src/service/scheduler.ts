/** A promise with its resolve function, for a moment others wait for. */
export interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>(done => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * A watch's timers: none runs, and none is set, once its owner has stopped; {@link Scheduler.clear}
 * cancels those set. Timers do not keep the process alive.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** `stopped` tells whether the owner has stopped. */
  constructor(readonly stopped: () => boolean) {}

  /** Runs `run` after `ms`. */
  later(ms: number, run: () => void) {
    // A request that settles after stop() schedules nothing more.
    if (this.stopped()) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped()) run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Runs `run` every `ms`, the first time after `ms`. */
  every(ms: number, run: () => void) {
    const tick = () => {
      run();
      this.later(ms, tick);
    };
    this.later(ms, tick);
  }

  /** Cancels every timer set. */
  clear() {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
