import {
  BackstageCredentials,
  HttpAuthService,
  LifecycleService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CustomErrorBase,
  InputError,
  NotFoundError,
  serializeError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkRayClusterTarget,
  Diagnosis,
  rayClusterOfEntity,
  RayClusterTargetRefusal,
  SynthoRayPolicy,
} from '@syntho-ray/plugin-syntho-ray-common';
import express, { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import Router from 'express-promise-router';
import { ClusterKey } from './ClusterWatch';
import { checkEntityOrigin } from './entityOrigin';
import { RequestHolds, ViewerLeftError } from './RequestHolds';
import {
  TooManyRequestsError,
  ViewerLimits,
  ViewerLimitsOptions,
} from './ViewerLimits';
import { WatchHub, watchId } from './WatchHub';

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  hub: WatchHub;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  /** The policy's targets: the only Kubernetes clusters and namespaces an entity may name. */
  targets: SynthoRayPolicy['targets'];
  /**
   * Origin locations (`backstage.io/managed-by-origin-location`) an entity must come from, as
   * prefixes: the GitOps repository's branch and `synthoRay.status.trustedLocations`.
   */
  trustedOrigins: readonly string[];
  /** Caps on streams and watched clusters, in total and per user. Defaults: 1000, 20 and 20. */
  limits?: Partial<ViewerLimitsOptions>;
  /** How long a summary request waits for the first answer of the API. Default 10 s. */
  firstSummaryTimeoutMs?: number;
  /** Comment lines that keep an idle stream open through proxies. Default 25 s. */
  heartbeatMs?: number;
  /**
   * How long a stream is served before the viewer must reconnect and be authorized again, so that a
   * revoked permission stops the updates; each stream ends at a random point of the period's last
   * tenth, so that pages opened together do not all reconnect at once. A stream also ends when the
   * viewer's token expires. Default 5 min.
   */
  reauthorizeMs?: number;
  /**
   * The plugin's lifecycle: when the backend shuts down, every stream ends with a `retry:` field
   * (one second), so that viewers reconnect to whichever replica answers instead
   * of holding the server's close until their streams' reauthorization.
   */
  lifecycle?: Pick<LifecycleService, 'addShutdownHook'>;
}

/** Share of `reauthorizeMs` over which the ends of streams are spread. */
const REAUTHORIZE_SPREAD = 0.1;
/** Entities whose Ray cluster is remembered (see `clusterHints`). */
const MAX_CLUSTER_HINTS = 1000;
/** No entity ref is longer: kind, namespace and a 63-character name with room to spare. */
const MAX_ENTITY_REF_LENGTH = 512;
/** What a 429 asks the card to wait, in seconds; the card adds its own jitter. */
const RETRY_AFTER_SECONDS = 30;
/**
 * What a stream ended by a shutdown asks the viewer to wait before reconnecting, in ms (the SSE
 * `retry:` field): another replica usually answers at once; a lone backend's restart is retried
 * with the card's backoff after that.
 */
const SHUTDOWN_RETRY_MS = 1000;

/**
 * The entity names a Ray cluster the backend will not watch: 400 when an annotation is malformed,
 * 403 when the policy does not allow it. The body carries the diagnoses, which the card shows.
 */
class EntityTargetError extends CustomErrorBase {
  readonly statusCode: number;
  readonly diagnoses: Diagnosis[];

  constructor(
    entityRef: string,
    refusal: Pick<RayClusterTargetRefusal, 'reason' | 'diagnoses'>,
  ) {
    super(
      `${entityRef} is not watched: ${refusal.diagnoses
        .map(d => `${d.message} ${d.fix}`)
        .join(' ')}`,
    );
    this.name =
      refusal.reason === 'malformed' ? 'InputError' : 'NotAllowedError';
    this.statusCode = refusal.reason === 'malformed' ? 400 : 403;
    this.diagnoses = refusal.diagnoses;
  }
}

/** Who counts against the per-user caps: the user's entity ref, or the calling service. */
function viewerOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? `user:${principal.userEntityRef}`
    : `${principal.type}:${principal.subject ?? ''}`;
}

/**
 * `GET /clusters/summary?entityRef=…` answers the summary once, from whole objects;
 * `GET /clusters/stream?entityRef=…` streams it as server-sent events (`event: summary`), first as
 * soon as the watch has one (for a new watch, usually from the pods' Table), then after
 * every change, and ends after `reauthorizeMs` or when the viewer's token expires (the card
 * reconnects). Both need read access to the entity (the catalog checks it with the viewer's
 * credentials), an entity that comes from a trusted origin location, and annotations that name a
 * target and namespace the policy allows; the cluster is read with the backend's own credentials
 * only then. Streams and watched clusters are capped in total and per user (429, with
 * Retry-After). A viewer who reads slowly gets the latest summary when it has read the previous
 * one, never a backlog.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { hub, httpAuth, catalog, targets, trustedOrigins } = options;
  const limits = new ViewerLimits({
    maxStreams: options.limits?.maxStreams ?? 1000,
    maxStreamsPerUser: options.limits?.maxStreamsPerUser ?? 20,
    maxClustersPerUser: options.limits?.maxClustersPerUser ?? 20,
  });
  const router = Router();
  /** How to end each open stream for a shutdown. */
  const openStreams = new Set<() => void>();
  let shuttingDown = false;
  options.lifecycle?.addShutdownHook(() => {
    shuttingDown = true;
    for (const end of [...openStreams]) end();
  });
  /**
   * The Ray cluster each entity named when someone was last allowed to see it. A request for a
   * known entity starts (or holds) the cluster's watch while its own access is checked, so that a
   * new watch's lists overlap the check; the lease is released if the check fails or the entity now
   * names another cluster. Only signed-in callers get this far, and only for clusters someone was
   * allowed to see.
   */
  const clusterHints = new Map<string, ClusterKey>();

  /**
   * The entity's Ray cluster and a lease on its watch, once the caller may see them. Everything it
   * acquires goes into `holds`, so it is released when the viewer leaves, even mid-way.
   */
  async function authorizedCluster(
    req: Request,
    holds: RequestHolds,
    countStream: boolean,
  ) {
    const entityRef = req.query.entityRef;
    if (typeof entityRef !== 'string' || !entityRef)
      throw new InputError(
        'Pass the entity as ?entityRef=resource:default/<name>.',
      );
    if (entityRef.length > MAX_ENTITY_REF_LENGTH)
      throw new InputError(
        `The entityRef is ${entityRef.length} characters long; no entity ref is longer than ${MAX_ENTITY_REF_LENGTH}.`,
      );
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    holds.assertOpen();
    const viewer = viewerOf(credentials);
    if (countStream) holds.add(limits.streamOf(viewer));
    const hint = clusterHints.get(entityRef);
    // The early lease counts against the viewer's caps like any other, before it is acquired.
    const releaseEarlyHold = hint
      ? holds.add(limits.holdCluster(viewer, watchId(hint)))
      : undefined;
    const early = hint && hub.acquire(hint);
    const releaseEarlyLease = early ? holds.add(early.release) : undefined;
    const releaseEarly = () => {
      releaseEarlyLease?.();
      releaseEarlyHold?.();
    };
    try {
      const cluster = await clusterOf(entityRef, credentials);
      holds.assertOpen();
      clusterHints.delete(entityRef);
      clusterHints.set(entityRef, cluster);
      if (clusterHints.size > MAX_CLUSTER_HINTS)
        clusterHints.delete(clusterHints.keys().next().value!);
      if (early && watchId(hint!) === watchId(cluster))
        return { credentials, lease: early };
      holds.add(limits.holdCluster(viewer, watchId(cluster)));
      releaseEarly();
      const lease = hub.acquire(cluster);
      holds.add(lease.release);
      return { credentials, lease };
    } catch (error) {
      if (!(error instanceof ViewerLeftError))
        // Whoever may see the entity next checks access first again.
        clusterHints.delete(entityRef);
      releaseEarly();
      throw error;
    }
  }

  async function clusterOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ClusterKey> {
    // The catalog answers only what the viewer may read: that is the whole access check. The
    // Kubernetes plugin's own read permissions are the platform group's, and are not asked here.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}.`);
    if (!rayClusterOfEntity(entity))
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} is not a Ray cluster: it lacks the syntho.ai/ray-cluster, syntho.ai/ray-namespace and syntho.ai/kubernetes-cluster annotations.`,
      );
    const untrusted = checkEntityOrigin(entity, trustedOrigins);
    if (untrusted)
      throw new EntityTargetError(stringifyEntityRef(entity), {
        reason: 'not-allowed',
        diagnoses: [untrusted],
      });
    const { cluster, refusal } = checkRayClusterTarget(
      entity.metadata.annotations ?? {},
      targets,
    );
    if (refusal)
      throw new EntityTargetError(stringifyEntityRef(entity), refusal);
    return cluster;
  }

  /** Runs a handler with the request's holds; a viewer who left gets no answer. */
  function holding(
    handler: (
      req: Request,
      res: Response,
      holds: RequestHolds,
    ) => Promise<void>,
  ) {
    return async (req: Request, res: Response) => {
      const holds = new RequestHolds(req, res);
      try {
        await handler(req, res, holds);
      } catch (error) {
        holds.releaseAll();
        if (error instanceof ViewerLeftError) return;
        throw error;
      }
    };
  }

  router.get(
    '/clusters/summary',
    holding(async (req, res, holds) => {
      const started = performance.now();
      const { lease } = await authorizedCluster(req, holds, false);
      const authorized = performance.now();
      let timeout: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          lease.watch.ready(),
          new Promise(resolve => {
            timeout = setTimeout(
              resolve,
              options.firstSummaryTimeoutMs ?? 10_000,
            );
          }),
        ]);
        const listed = performance.now();
        const json = lease.watch.summaryJson();
        // Where the time went, for the browser's developer tools and for yarn bench:status.
        res.setHeader(
          'Server-Timing',
          [
            `access;dur=${(authorized - started).toFixed(
              1,
            )};desc="token, entity, permission"`,
            `lists;dur=${(listed - authorized).toFixed(
              1,
            )};desc="first lists of a new watch"`,
            `summary;dur=${(performance.now() - listed).toFixed(1)}`,
          ].join(', '),
        );
        res.type('application/json').send(json);
      } finally {
        clearTimeout(timeout);
        holds.releaseAll();
      }
    }),
  );

  router.get(
    '/clusters/stream',
    holding(async (req, res, holds) => {
      if (shuttingDown)
        throw new ServiceUnavailableError(
          'The backend is shutting down; another replica or its successor answers.',
        );
      // Taken before anything is awaited: the total caps viewers still being authorized too.
      holds.add(limits.openStream());
      const { credentials, lease } = await authorizedCluster(req, holds, true);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        // no-transform keeps compression middleware from buffering the stream.
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      const write = (json: string) =>
        res.write(`event: summary\ndata: ${json}\n\n`);
      /** The summary a slow reader gets once it has read what was written before. */
      let pending: string | undefined;
      const send = (json: string) => {
        if (res.writableNeedDrain) pending = json;
        else write(json);
      };
      const drained = () => {
        if (pending === undefined) return;
        const json = pending;
        pending = undefined;
        write(json);
      };
      res.on('drain', drained);
      holds.add(() => res.off('drain', drained));
      holds.add(lease.watch.subscribe(send));
      const heartbeat = setInterval(() => {
        // A reader who is behind needs no sign of life; it would only queue up.
        if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
      }, options.heartbeatMs ?? 25_000);
      holds.add(() => clearInterval(heartbeat));
      const servedFor =
        (options.reauthorizeMs ?? 300_000) *
        (1 - REAUTHORIZE_SPREAD * Math.random());
      const servedUntil = Math.min(
        Date.now() + servedFor,
        credentials.expiresAt?.getTime() ?? Infinity,
      );
      const reauthorize = setTimeout(
        () => res.end(),
        Math.max(0, servedUntil - Date.now()),
      );
      holds.add(() => clearTimeout(reauthorize));
      const endForShutdown = () => {
        if (res.writableEnded) return;
        res.write(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
        res.end();
      };
      openStreams.add(endForShutdown);
      holds.add(() => openStreams.delete(endForShutdown));
      // Authorized while the shutdown began: the hook has already run.
      if (shuttingDown) {
        endForShutdown();
        return;
      }
      await lease.watch.firstSummary();
      if (!holds.closed && !res.writableEnded) send(lease.watch.summaryJson());
    }),
  );

  // The card waits as long as Retry-After says before it asks again.
  router.use(
    (error: Error, _req: Request, res: Response, next: NextFunction) => {
      if (error instanceof TooManyRequestsError && !res.headersSent)
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      if (error instanceof ServiceUnavailableError && !res.headersSent)
        res.setHeader('Retry-After', String(SHUTDOWN_RETRY_MS / 1000));
      next(error);
    },
  );

  // The diagnoses of an entity that names a cluster the backend will not watch go with the error.
  router.use(
    (error: Error, req: Request, res: Response, next: NextFunction) => {
      if (!(error instanceof EntityTargetError) || res.headersSent) {
        next(error);
        return;
      }
      res.status(error.statusCode).json({
        error: serializeError(error),
        request: { method: req.method, url: req.url },
        response: { statusCode: error.statusCode },
        diagnoses: error.diagnoses,
      });
    },
  );

  return router;
}
