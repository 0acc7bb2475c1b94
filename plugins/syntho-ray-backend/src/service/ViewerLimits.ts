import { CustomErrorBase } from '@backstage/errors';

/**
 * A refusal for now: too many streams or watches. Backstage's error handler answers with the
 * error's `statusCode`, here 429, and the usual error body.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/** Caps of {@link ViewerLimits}. */
export interface ViewerLimitsOptions {
  /** Status streams open at once, all viewers together. */
  maxStreams: number;
  /** Status streams one user (or service) keeps open at once. */
  maxStreamsPerUser: number;
  /** Distinct Ray clusters one user (or service) watches at once, by stream or summary. */
  maxClustersPerUser: number;
}

/** Runs `release` once, however often it is called. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

/**
 * Counts what viewers hold (open streams, watched clusters), in total and per user, and refuses
 * with 429 what would exceed the caps. Each grant returns its release, which is idempotent.
 */
export class ViewerLimits {
  private openStreams = 0;
  private readonly streamsByUser = new Map<string, number>();
  private readonly clustersByUser = new Map<string, Map<string, number>>();

  constructor(private readonly options: ViewerLimitsOptions) {}

  /** Streams open (or being authorized) now. */
  get streams(): number {
    return this.openStreams;
  }

  /** Takes one of the streams all viewers share; checked before the viewer is even known. */
  openStream(): () => void {
    if (this.openStreams >= this.options.maxStreams)
      throw new TooManyRequestsError(
        `The status backend already serves ${this.openStreams} streams, the most synthoRay.status.maxStreams allows; try again later.`,
      );
    this.openStreams += 1;
    return once(() => {
      this.openStreams -= 1;
    });
  }

  /** Counts a stream against `user`. */
  streamOf(user: string): () => void {
    const open = this.streamsByUser.get(user) ?? 0;
    if (open >= this.options.maxStreamsPerUser)
      throw new TooManyRequestsError(
        `You already have ${open} status streams open, the most synthoRay.status.maxStreamsPerUser allows; close some pages that show Ray clusters.`,
      );
    this.streamsByUser.set(user, open + 1);
    return once(() => {
      const left = (this.streamsByUser.get(user) ?? 1) - 1;
      if (left > 0) this.streamsByUser.set(user, left);
      else this.streamsByUser.delete(user);
    });
  }

  /** Counts the Ray cluster `clusterId` against `user`, unless the user already watches it. */
  holdCluster(user: string, clusterId: string): () => void {
    const clusters = this.clustersByUser.get(user) ?? new Map<string, number>();
    const holds = clusters.get(clusterId) ?? 0;
    if (holds === 0 && clusters.size >= this.options.maxClustersPerUser)
      throw new TooManyRequestsError(
        `You already watch ${clusters.size} Ray clusters, the most synthoRay.status.maxWatchedClustersPerUser allows; close some pages that show other Ray clusters.`,
      );
    clusters.set(clusterId, holds + 1);
    this.clustersByUser.set(user, clusters);
    return once(() => {
      const left = (clusters.get(clusterId) ?? 1) - 1;
      if (left > 0) clusters.set(clusterId, left);
      else clusters.delete(clusterId);
      if (clusters.size === 0 && this.clustersByUser.get(user) === clusters)
        this.clustersByUser.delete(user);
    });
  }
}
