import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { kubernetesResourcesReadPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { rayClusterOfEntity } from '@syntho-ray/plugin-syntho-ray-common';
import express, { Request } from 'express';
import { performance } from 'node:perf_hooks';
import Router from 'express-promise-router';
import { ClusterKey } from './ClusterWatch';
import { WatchHub, watchId } from './WatchHub';

/** Dependencies of {@link createRouter}. */
export interface RouterOptions {
  hub: WatchHub;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
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
}

/** Share of `reauthorizeMs` over which the ends of streams are spread. */
const REAUTHORIZE_SPREAD = 0.1;
/** Entities whose Ray cluster is remembered (see `clusterHints`). */
const MAX_CLUSTER_HINTS = 1000;

/**
 * `GET /clusters/summary?entityRef=…` answers the summary once, from whole objects;
 * `GET /clusters/stream?entityRef=…` streams it as server-sent events (`event: summary`), first as
 * soon as the watch has one (for a new watch, usually from the pods' Table), then after
 * every change, and ends after `reauthorizeMs` or when the viewer's token expires (the card
 * reconnects). Both need read access to the entity and to Kubernetes resources.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { hub, httpAuth, permissions, catalog } = options;
  const router = Router();
  /**
   * The Ray cluster each entity named when someone was last allowed to see it. A request for a
   * known entity starts (or holds) the cluster's watch while its own access is checked, so that a
   * new watch's lists overlap the check; the lease is released if the check fails or the entity now
   * names another cluster. Only signed-in callers get this far, and only for clusters someone was
   * allowed to see.
   */
  const clusterHints = new Map<string, ClusterKey>();

  /** The entity's Ray cluster and a lease on its watch, once the caller may see them. */
  async function authorizedCluster(req: Request) {
    const entityRef = req.query.entityRef;
    if (typeof entityRef !== 'string' || !entityRef)
      throw new InputError(
        'Pass the entity as ?entityRef=resource:default/<name>.',
      );
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const hint = clusterHints.get(entityRef);
    const early = hint && hub.acquire(hint);
    try {
      const cluster = await clusterOf(entityRef, credentials);
      clusterHints.delete(entityRef);
      clusterHints.set(entityRef, cluster);
      if (clusterHints.size > MAX_CLUSTER_HINTS)
        clusterHints.delete(clusterHints.keys().next().value!);
      if (early && watchId(hint!) === watchId(cluster))
        return { credentials, lease: early };
      early?.release();
      return { credentials, lease: hub.acquire(cluster) };
    } catch (error) {
      // Whoever may see the entity next checks access first again.
      clusterHints.delete(entityRef);
      early?.release();
      throw error;
    }
  }

  async function clusterOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ClusterKey> {
    // The entity and the permission are independent; asking both at once saves a round trip.
    const [entity, [decision]] = await Promise.all([
      catalog.getEntityByRef(entityRef, { credentials }),
      permissions.authorize(
        [{ permission: kubernetesResourcesReadPermission }],
        {
          credentials,
        },
      ),
    ]);
    if (!entity) throw new NotFoundError(`No entity ${entityRef}.`);
    const cluster = rayClusterOfEntity(entity);
    if (!cluster)
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} is not a Ray cluster: it lacks the syntho.ai/ray-cluster, syntho.ai/ray-namespace and syntho.ai/kubernetes-cluster annotations.`,
      );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        'You may not read Kubernetes resources (permission kubernetes.resources.read).',
      );
    return cluster;
  }

  router.get('/clusters/summary', async (req, res) => {
    const started = performance.now();
    const { lease } = await authorizedCluster(req);
    const authorized = performance.now();
    try {
      await Promise.race([
        lease.watch.ready(),
        new Promise(resolve =>
          setTimeout(resolve, options.firstSummaryTimeoutMs ?? 10_000),
        ),
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
      lease.release();
    }
  });

  router.get('/clusters/stream', async (req, res) => {
    const { credentials, lease } = await authorizedCluster(req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      // no-transform keeps compression middleware from buffering the stream.
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (json: string) =>
      res.write(`event: summary\ndata: ${json}\n\n`);
    const unsubscribe = lease.watch.subscribe(send);
    const heartbeat = setInterval(
      () => res.write(': keep-alive\n\n'),
      options.heartbeatMs ?? 25_000,
    );
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
    // 'close' comes both when the viewer leaves and when the stream ends here.
    res.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(reauthorize);
      unsubscribe();
      lease.release();
    });
    await lease.watch.firstSummary();
    if (!res.writableEnded) send(lease.watch.summaryJson());
  });

  return router;
}
