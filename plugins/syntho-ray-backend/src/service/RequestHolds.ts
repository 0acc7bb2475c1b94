import { Request, Response } from 'express';

/** Thrown when the viewer left while the request was waiting; nothing is answered then. */
export class ViewerLeftError extends Error {
  name = 'ViewerLeftError' as const;
}

/**
 * Everything one request holds (quota, leases, subscriptions, timers), released together and once:
 * when its connection closes, whenever that happens, or when the handler gives up. It listens for
 * the close as soon as it exists, so a viewer who leaves while the request still waits (for the
 * access check, say) releases what the request acquires afterwards as soon as it is acquired.
 */
export class RequestHolds {
  private readonly releases: Array<() => void> = [];
  private ended = false;

  constructor(req: Request, res: Response) {
    res.once('close', () => this.releaseAll());
    // The connection may have closed before this request's handler ran.
    if (req.socket?.destroyed) this.releaseAll();
  }

  /** Whether the response has closed (or the handler gave up): nothing more should be acquired. */
  get closed(): boolean {
    return this.ended;
  }

  /** Throws {@link ViewerLeftError} when the viewer has left. Call after every `await`. */
  assertOpen() {
    if (this.ended) throw new ViewerLeftError('The viewer left.');
  }

  /**
   * Keeps `release` for the end, and returns it made idempotent, so that it may also be called
   * earlier; runs it at once (and throws) when the viewer has already left.
   */
  add(release: () => void): () => void {
    let released = false;
    const once = () => {
      if (released) return;
      released = true;
      release();
    };
    if (this.ended) {
      once();
      this.assertOpen();
    }
    this.releases.push(once);
    return once;
  }

  /** Releases everything held, latest first. */
  releaseAll() {
    this.ended = true;
    for (const release of this.releases.splice(0).reverse()) release();
  }
}
