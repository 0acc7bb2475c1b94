import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import express from 'express';
import request from 'supertest';
import { ClusterWatch } from './ClusterWatch';
import { createRouter } from './router';
import { WatchHub } from './WatchHub';

const rayCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ray-cluster-syntho-aks',
    namespace: 'default',
    annotations: {
      'syntho.ai/ray-cluster': 'ray-cluster',
      'syntho.ai/ray-namespace': 'syntho',
      'syntho.ai/kubernetes-cluster': 'aks',
    },
  },
  spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
};
const TARGETS = parsePolicy({
  targets: [{ name: 'aks', namespaces: ['syntho'] }],
}).targets;
const plain: Entity = {
  ...rayCluster,
  metadata: { name: 'plain', namespace: 'default' },
};

async function app(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  options: Partial<Parameters<typeof createRouter>[0]> = {},
) {
  const summary = { verdict: 'Ready' };
  const watch = {
    ready: jest.fn(async () => {}),
    firstSummary: jest.fn(async () => {}),
    summaryJson: jest.fn(() => JSON.stringify(summary)),
    subscribe: jest.fn(() => () => {}),
  } as unknown as ClusterWatch;
  const release = jest.fn();
  const hub = { acquire: jest.fn(() => ({ watch, release })) };
  const router = await createRouter({
    hub: hub as unknown as WatchHub,
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result }),
    catalog: catalogServiceMock({ entities: [rayCluster, plain] }),
    targets: TARGETS,
    ...options,
  });
  return {
    hub,
    release,
    server: express().use(router).use(mockErrorHandler()),
  };
}

/** A signed-in user's one-shot summary of the Ray cluster entity. */
function summaryOf(server: express.Express) {
  return request(server)
    .get('/clusters/summary')
    .query({ entityRef: 'resource:default/ray-cluster-syntho-aks' })
    .set('Authorization', mockCredentials.user.header());
}

describe('createRouter', () => {
  it('answers the summary of the Ray cluster the entity stands for, and releases its watch', async () => {
    const { server, hub, release } = await app(AuthorizeResult.ALLOW);

    const response = await summaryOf(server);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ verdict: 'Ready' });
    expect(response.headers['server-timing']).toMatch(
      /^access;dur=[\d.]+;desc="[^"]+", lists;dur=[\d.]+;desc="[^"]+", summary;dur=[\d.]+$/,
    );
    expect(hub.acquire).toHaveBeenCalledWith({
      kubernetesCluster: 'aks',
      namespace: 'syntho',
      name: 'ray-cluster',
    });
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('refuses a user without kubernetes.resources.read before any watch starts', async () => {
    const { server, hub } = await app(AuthorizeResult.DENY);

    const response = await summaryOf(server);

    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('kubernetes.resources.read');
    expect(hub.acquire).not.toHaveBeenCalled();
  });

  it("starts a known entity's watch while checking the viewer's access, and keeps that lease", async () => {
    const catalog = catalogServiceMock({ entities: [rayCluster, plain] });
    const { server, hub, release } = await app(AuthorizeResult.ALLOW, {
      catalog,
    });
    const summary = () => summaryOf(server);
    await summary();
    expect(hub.acquire).toHaveBeenCalledTimes(1);

    const lookup = catalog.getEntityByRef.bind(catalog);
    let acquiredDuringLookup = 0;
    jest
      .spyOn(catalog, 'getEntityByRef')
      .mockImplementation(async (...args) => {
        acquiredDuringLookup = hub.acquire.mock.calls.length;
        return lookup(...args);
      });
    const response = await summary();

    expect(response.status).toBe(200);
    expect(acquiredDuringLookup).toBe(2);
    expect(hub.acquire).toHaveBeenCalledTimes(2);
    expect(release).toHaveBeenCalledTimes(2);
  });

  it('lets the early lease go when the viewer may not see the cluster, and checks first next time', async () => {
    let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
      AuthorizeResult.ALLOW;
    const permissions = mockServices.permissions.mock({
      authorize: jest.fn(async requests => requests.map(() => ({ result }))),
    });
    const { server, hub, release } = await app(AuthorizeResult.ALLOW, {
      permissions,
    });
    const summary = () => summaryOf(server);
    await summary();

    result = AuthorizeResult.DENY;
    expect((await summary()).status).toBe(403);
    expect(hub.acquire).toHaveBeenCalledTimes(2);
    expect(release).toHaveBeenCalledTimes(2);

    expect((await summary()).status).toBe(403);
    expect(hub.acquire).toHaveBeenCalledTimes(2);
  });

  it('ends a stream after reauthorizeMs, so that the reconnecting viewer is checked again', async () => {
    const { server, release } = await app(AuthorizeResult.ALLOW, {
      reauthorizeMs: 200,
    });

    const started = Date.now();
    const response = await request(server)
      .get('/clusters/stream')
      .query({ entityRef: 'resource:default/ray-cluster-syntho-aks' })
      .set('Authorization', mockCredentials.user.header())
      .timeout(3000);

    expect(response.status).toBe(200);
    expect(response.text).toBe('event: summary\ndata: {"verdict":"Ready"}\n\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(170);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('spreads the ends of streams over the last tenth of reauthorizeMs', async () => {
    const { server } = await app(AuthorizeResult.ALLOW, {
      reauthorizeMs: 2000,
    });
    const random = jest.spyOn(Math, 'random');
    const ended: string[] = [];
    const stream = (name: string) =>
      request(server)
        .get('/clusters/stream')
        .query({ entityRef: 'resource:default/ray-cluster-syntho-aks' })
        .set('Authorization', mockCredentials.user.header())
        .timeout(5000)
        .then(() => ended.push(name));

    random.mockReturnValue(0);
    const full = stream('served 2 s');
    await new Promise(resolve => setTimeout(resolve, 100));
    random.mockReturnValue(0.999);
    const shortened = stream('served 1.8 s, opened 0.1 s later');
    await Promise.all([full, shortened]);
    random.mockRestore();

    expect(ended).toEqual(['served 1.8 s, opened 0.1 s later', 'served 2 s']);
  });

  it("ends a stream when the viewer's token expires", async () => {
    const expiring: BackstageCredentials = {
      ...mockCredentials.user(),
      expiresAt: new Date(Date.now() + 200),
    };
    const httpAuth = mockServices.httpAuth.mock({
      credentials: (async () => expiring) as HttpAuthService['credentials'],
    });
    const { server, release } = await app(AuthorizeResult.ALLOW, {
      httpAuth,
    });

    const response = await request(server)
      .get('/clusters/stream')
      .query({ entityRef: 'resource:default/ray-cluster-syntho-aks' })
      .timeout(3000);

    expect(response.status).toBe(200);
    expect(response.text).toContain('event: summary');
    expect(release).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['resource:default/missing', 404, 'No entity resource:default/missing'],
    ['resource:default/plain', 400, 'syntho.ai/ray-cluster'],
    ['', 400, '?entityRef='],
  ])(
    'answers %s with %i naming the problem',
    async (entityRef, status, text) => {
      const { server, hub } = await app(AuthorizeResult.ALLOW);

      const response = await request(server)
        .get('/clusters/stream')
        .query({ entityRef })
        .set('Authorization', mockCredentials.user.header());

      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(text);
      expect(hub.acquire).not.toHaveBeenCalled();
    },
  );

  describe('an entity that names a cluster the policy does not allow', () => {
    const HOSTILE: Array<[string, string, number]> = [
      ['syntho.ai/ray-namespace', '..', 400],
      ['syntho.ai/ray-namespace', 'kube-system/pods#', 400],
      ['syntho.ai/ray-namespace', '%2F', 400],
      ['syntho.ai/ray-namespace', 'syntho\n', 400],
      ['syntho.ai/ray-namespace', 'kube-system', 403],
      ['syntho.ai/ray-namespace', 'x'.repeat(1024 * 1024), 400],
      ['syntho.ai/ray-cluster', 'ray,metadata.name!=x', 400],
      ['syntho.ai/ray-cluster', '../../pods', 400],
      ['syntho.ai/ray-cluster', 'r'.repeat(54), 400],
      ['syntho.ai/kubernetes-cluster', 'prod', 403],
      ['syntho.ai/kubernetes-cluster', 'aks\r\nX-Injected: 1', 403],
    ];
    const hostile = HOSTILE.map(
      ([annotation, value], i): Entity => ({
        ...rayCluster,
        metadata: {
          name: `hostile-${i}`,
          namespace: 'default',
          annotations: {
            ...rayCluster.metadata.annotations,
            [annotation]: value,
          },
        },
      }),
    );

    it.each(
      HOSTILE.map(
        ([annotation, value, status], i) =>
          [i, annotation, JSON.stringify(value).slice(0, 40), status] as const,
      ),
    )(
      'answers entity %i (%s %s) with %i and a diagnosis naming the annotation, and watches nothing',
      async (i, annotation, _value, status) => {
        const { server, hub } = await app(AuthorizeResult.ALLOW, {
          catalog: catalogServiceMock({ entities: hostile }),
        });

        for (const kind of ['summary', 'stream']) {
          const response = await request(server)
            .get(`/clusters/${kind}`)
            .query({ entityRef: `resource:default/hostile-${i}` })
            .set('Authorization', mockCredentials.user.header());

          expect(response.status).toBe(status);
          expect(response.body.error.message).toContain(annotation);
          expect(response.body.diagnoses).toEqual([
            expect.objectContaining({
              id:
                status === 400 ? 'entity-misconfigured' : 'target-not-allowed',
              evidence: [expect.objectContaining({ name: annotation })],
              fix: expect.stringMatching(/^Set /),
            }),
          ]);
          expect(response.text.length).toBeLessThan(4000);
        }
        expect(hub.acquire).not.toHaveBeenCalled();
      },
    );

    it('shows the diagnoses only to a viewer who may read Kubernetes resources', async () => {
      const { server } = await app(AuthorizeResult.DENY, {
        catalog: catalogServiceMock({ entities: hostile }),
      });

      const response = await request(server)
        .get('/clusters/summary')
        .query({ entityRef: 'resource:default/hostile-4' })
        .set('Authorization', mockCredentials.user.header());

      expect(response.status).toBe(403);
      expect(response.body.diagnoses).toBeUndefined();
      expect(response.text).not.toContain('kube-system');
    });
  });
});
