import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import express from 'express';
import { get, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ClusterKey, ClusterWatch } from './ClusterWatch';
import { createRouter, RouterOptions } from './router';
import { WatchHub } from './WatchHub';

/** The GitOps repository's branch, which the router trusts. */
const ORIGIN = 'url:https://github.com/my-org/gitops/blob/main/';

/** Ray cluster entities `ray-0` … on the clusters `aks-0` …, one per index. */
function entity(index: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `ray-${index}`,
      namespace: 'default',
      annotations: {
        'syntho.ai/ray-cluster': 'ray-cluster',
        'syntho.ai/ray-namespace': 'syntho',
        'syntho.ai/kubernetes-cluster': `aks-${index}`,
        'backstage.io/managed-by-origin-location': `${ORIGIN}ray-${index}.yaml`,
      },
    },
    spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
  };
}

const ENTITIES = Array.from({ length: 5 }, (_, i) => entity(i));
const TARGETS = parsePolicy({
  targets: ENTITIES.map((_, i) => ({
    name: `aks-${i}`,
    namespaces: ['syntho'],
  })),
}).targets;

/** A watch that answers at once and lets the test push summaries to its subscribers. */
function fakeWatch() {
  const listeners = new Set<(json: string) => void>();
  let latest = '{"verdict":"Ready"}';
  return {
    listeners,
    start: jest.fn(),
    stop: jest.fn(() => listeners.clear()),
    lastKnownSummary: () => undefined,
    ready: async () => {},
    firstSummary: async () => {},
    summaryJson: () => latest,
    subscribe: (listener: (json: string) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push(json: string) {
      latest = json;
      for (const listener of listeners) listener(json);
    },
  };
}

/** The router on a real HTTP server, with a real WatchHub of fake watches. */
async function serve(options: Partial<RouterOptions> = {}) {
  const watches: Array<ReturnType<typeof fakeWatch> & { key: ClusterKey }> = [];
  const hub = new WatchHub({
    lingerMs: 10,
    create: key => {
      const watch = Object.assign(fakeWatch(), { key });
      watches.push(watch);
      return watch as unknown as ClusterWatch;
    },
  });
  const router = await createRouter({
    hub,
    httpAuth: mockServices.httpAuth(),
    trustedOrigins: [ORIGIN],
    catalog: catalogServiceMock({ entities: ENTITIES }),
    targets: TARGETS,
    ...options,
  });
  const server: Server = await new Promise(resolve => {
    const listening = express()
      .use(router)
      .use(mockErrorHandler())
      .listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const open: IncomingMessage[] = [];
  return {
    hub,
    watches,
    server,
    /** Opens a stream as `user`; resolves with the response once its head arrives. */
    stream(index = 0, user = 'user:default/mock') {
      return new Promise<IncomingMessage & { text: () => Promise<string> }>(
        (resolve, reject) => {
          const req = get(
            {
              host: '127.0.0.1',
              port,
              path: `/clusters/stream?entityRef=resource:default/ray-${index}`,
              headers: { Authorization: mockCredentials.user.header(user) },
            },
            res => {
              open.push(res);
              resolve(
                Object.assign(res, {
                  text: async () => {
                    let body = '';
                    for await (const chunk of res) body += chunk;
                    return body;
                  },
                }),
              );
            },
          );
          req.on('error', reject);
        },
      );
    },
    /** Requests a stream and leaves before any answer. */
    leaveEarly(user: string, index = 0) {
      const req = get({
        host: '127.0.0.1',
        port,
        path: `/clusters/stream?entityRef=resource:default/ray-${index}`,
        headers: { Authorization: mockCredentials.user.header(user) },
      });
      req.on('error', () => {});
      return () => req.destroy();
    },
    async summary(index = 0) {
      const response = await fetch(
        `http://127.0.0.1:${port}/clusters/summary?entityRef=resource:default/ray-${index}`,
        { headers: { Authorization: mockCredentials.user.header() } },
      );
      return response.status;
    },
    async close() {
      for (const res of open) res.destroy();
      hub.stopAll();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

const settle = (ms = 50) => new Promise(resolve => setTimeout(resolve, ms));

/** Timers of this process, to see that nothing was left running. */
const timers = () =>
  process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;

describe('createRouter under abuse', () => {
  let app: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('leaves no lease, watch, subscription or timer behind 100 viewers who leave during the access check', async () => {
    const catalog = catalogServiceMock({ entities: ENTITIES });
    const lookup = catalog.getEntityByRef.bind(catalog);
    let pending: Array<() => void> = [];
    let gated = false;
    jest
      .spyOn(catalog, 'getEntityByRef')
      .mockImplementation(async (...args) => {
        if (gated) await new Promise<void>(resolve => pending.push(resolve));
        return lookup(...args);
      });
    app = await serve({ catalog, heartbeatMs: 1000 });
    // A first viewer makes the entity known, so the next ones start its watch during the check.
    expect(await app.summary()).toBe(200);
    await settle();
    expect(app.hub.size).toBe(0);
    const before = timers();

    gated = true;
    const leave = Array.from({ length: 100 }, (_, i) =>
      app!.leaveEarly(`user:default/viewer-${i}`),
    );
    for (let i = 0; i < 100 && pending.length < 100; i++) await settle(10);
    expect(pending).toHaveLength(100);
    expect(app.hub.size).toBe(1);
    for (const destroy of leave) destroy();
    await settle();
    gated = false;
    for (const resume of pending) resume();
    pending = [];
    await settle(100);

    expect(app.hub.size).toBe(0);
    expect(app.watches.every(w => w.stop.mock.calls.length === 1)).toBe(true);
    expect(app.watches.every(w => w.listeners.size === 0)).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
    // The caps count nothing for them: a full quota of new streams is served.
    const streams = await Promise.all(
      Array.from({ length: 20 }, () => app!.stream()),
    );
    expect(streams.map(s => s.statusCode)).toEqual(Array(20).fill(200));
  });

  it('refuses a stream beyond maxStreamsPerUser with 429, and serves other users', async () => {
    app = await serve({ limits: { maxStreamsPerUser: 2 } });
    const first = await app.stream(0);
    await app.stream(1);

    const refused = await app.stream(2);
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(await refused.text())).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringContaining('synthoRay.status.maxStreamsPerUser'),
      },
      response: { statusCode: 429 },
    });
    expect((await app.stream(2, 'user:default/other')).statusCode).toBe(200);

    first.destroy();
    await settle();
    expect((await app.stream(2)).statusCode).toBe(200);
  });

  it('refuses a stream beyond maxStreams with 429, whoever asks', async () => {
    app = await serve({ limits: { maxStreams: 2 } });
    await app.stream(0, 'user:default/a');
    await app.stream(0, 'user:default/b');

    const refused = await app.stream(0, 'user:default/c');
    expect(refused.statusCode).toBe(429);
    expect(await refused.text()).toContain('synthoRay.status.maxStreams ');
  });

  it('refuses a viewer a cluster beyond maxClustersPerUser with 429, but not a cluster it already watches', async () => {
    app = await serve({ limits: { maxClustersPerUser: 2 } });
    await app.stream(0);
    await app.stream(1);

    expect((await app.stream(2)).statusCode).toBe(429);
    expect(await app.summary(2)).toBe(429);
    expect((await app.stream(1)).statusCode).toBe(200);
    expect(app.hub.size).toBe(2);
  });

  it('ends every stream with a retry hint at shutdown, stops the watches, and refuses new streams with 503', async () => {
    const hooks: Array<() => void | Promise<void>> = [];
    const lifecycle = {
      addShutdownHook: (hook: () => void) => hooks.push(hook),
    };
    app = await serve({ lifecycle });
    // The plugin's own hook, as plugin.ts registers it.
    lifecycle.addShutdownHook(() => app!.hub.stopAll());
    const streams = await Promise.all([app.stream(0), app.stream(1)]);
    const bodies = streams.map(s => s.text());
    await settle();
    const before = timers();

    await Promise.all(hooks.map(hook => hook()));

    for (const body of await Promise.all(bodies)) {
      expect(body).toMatch(/^event: summary\ndata: .*\n\n/);
      expect(body.endsWith('retry: 1000\n\n')).toBe(true);
    }
    expect(app.hub.size).toBe(0);
    expect(app.watches.map(w => w.stop.mock.calls.length)).toEqual([1, 1]);
    expect(app.watches.every(w => w.listeners.size === 0)).toBe(true);
    expect(timers()).toBeLessThan(before);
    const refused = await app.stream(0);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
  });

  it('gives a reader who does not keep up the latest summary, not every one', async () => {
    app = await serve();
    const stream = await app.stream(0);
    stream.pause();
    const [watch] = app.watches;
    const padding = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 2000; i++) {
      watch.push(JSON.stringify({ sequence: i, padding }));
      if (i % 100 === 0) await settle(1);
    }

    const sequences: number[] = [];
    let buffer = '';
    stream.on('data', chunk => {
      buffer += chunk;
      const events = buffer.split('\n\n');
      buffer = events.pop()!;
      for (const event of events)
        sequences.push(JSON.parse(event.split('data: ')[1]).sequence ?? -1);
    });
    stream.resume();
    for (let i = 0; i < 200 && sequences.at(-1) !== 1999; i++) await settle(10);

    expect(sequences.at(-1)).toBe(1999);
    expect(sequences.length).toBeLessThan(500);
  });
});
