export interface Config {
  synthoRay?: {
    /** How the live status of Ray clusters is kept (`@syntho-ray/plugin-syntho-ray-backend`). */
    status?: {
      /**
       * Origin locations (`backstage.io/managed-by-origin-location`, e.g.
       * `url:https://github.com/my-org/platform-entities/blob/main/`) besides the GitOps repository's
       * branch whose entities the status backend watches, as prefixes; a `file:` prefix is resolved
       * against the backend's working directory. An entity from anywhere else is not watched: anyone
       * may register an entity with another team's annotations.
       */
      trustedLocations?: string[];
      /** Quiet time before a change is summarised and pushed, in ms. Default 100. */
      debounceMs?: number;
      /** How long a watch is kept after its last viewer leaves, in seconds. Default 30. */
      lingerSeconds?: number;
      /** How often the Ray dashboard is read while someone watches, in seconds. Default 15. */
      dashboardPollSeconds?: number;
      /**
       * How long one watch request stays open before it resumes with a new one, in seconds. It also
       * bounds how long a released watch stays open upstream, since the Kubernetes plugin's proxy
       * does not close it when its client leaves. Default 60.
       */
      watchTimeoutSeconds?: number;
      /**
       * How often the API server is asked `/version` while a cluster is watched, in seconds; a watch
       * through a proxy can stay silent after its API server went away. Default 5.
       */
      livenessSeconds?: number;
      /**
       * How long one viewer's stream is served before the page reconnects and the viewer's access is
       * checked again, in seconds: a revoked permission stops the updates within this time. Streams
       * end at a random point of its last tenth, so that pages opened together reconnect apart.
       * Default 300.
       */
      reauthorizeSeconds?: number;
      /** Pod rows kept per group in a summary; the rest are counted. Default 50. */
      maxPodsPerGroup?: number;
      /**
       * Status streams open at once, all viewers together; more are refused with 429. Default 1000.
       */
      maxStreams?: number;
      /** Status streams one user (or service) keeps open at once; more get 429. Default 20. */
      maxStreamsPerUser?: number;
      /**
       * Ray clusters watched at once, lingering watches included; a new one first ends a lingering
       * watch nobody views, and is refused with 429 when every watch has viewers. Default 200.
       */
      maxWatchedClusters?: number;
      /** Distinct Ray clusters one user (or service) watches at once; more get 429. Default 20. */
      maxWatchedClustersPerUser?: number;
      /**
       * Events of a Ray cluster's namespace a watch keeps; beyond it, events about other objects and
       * the oldest go first. Default 1000.
       */
      maxCachedEvents?: number;
    };
  };
}
