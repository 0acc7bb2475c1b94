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
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import express from 'express';
import request from 'supertest';
import { ClusterWatch } from './ClusterWatch';
import { createRouter } from './router';
import { WatchHub } from './WatchHub';

/** Where the template registers entities from: the GitOps repository's branch. */
const GITOPS = 'url:https://github.com/my-org/gitops/blob/main/';
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
      'backstage.io/managed-by-origin-location': `${GITOPS}clusters/aks/syntho/ray-cluster/catalog-info.yaml`,
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

async function app(options: Partial<Parameters<typeof createRouter>[0]> = {}) {
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
    catalog: catalogServiceMock({ entities: [rayCluster, plain] }),
    targets: TARGETS,
    trustedOrigins: [GITOPS],
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
    const { server, hub, release } = await app();

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

  it("asks the catalog, as the viewer, and nothing else: the Kubernetes plugin's read permissions are not needed", async () => {
    const catalog = catalogServiceMock({ entities: [rayCluster] });
    const lookup = jest.spyOn(catalog, 'getEntityByRef');
    const { server } = await app({ catalog });

    expect((await summaryOf(server)).status).toBe(200);
    expect(lookup).toHaveBeenCalledWith(
      'resource:default/ray-cluster-syntho-aks',
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'user' }),
        }),
      },
    );
  });

  it('refuses a viewer who may not read the entity before any watch starts', async () => {
    const catalog = catalogServiceMock({ entities: [rayCluster] });
    // The catalog answers nothing to a viewer without catalog.entity.read of the entity.
    jest.spyOn(catalog, 'getEntityByRef').mockResolvedValue(undefined);
    const { server, hub } = await app({ catalog });

    const response = await summaryOf(server);

    expect(response.status).toBe(404);
    expect(hub.acquire).not.toHaveBeenCalled();
  });

  it("starts a known entity's watch while checking the viewer's access, and keeps that lease", async () => {
    const catalog = catalogServiceMock({ entities: [rayCluster, plain] });
    const { server, hub, release } = await app({
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
    const catalog = catalogServiceMock({ entities: [rayCluster] });
    const { server, hub, release } = await app({ catalog });
    const summary = () => summaryOf(server);
    await summary();

    jest.spyOn(catalog, 'getEntityByRef').mockResolvedValue(undefined);
    expect((await summary()).status).toBe(404);
    expect(hub.acquire).toHaveBeenCalledTimes(2);
    expect(release).toHaveBeenCalledTimes(2);

    expect((await summary()).status).toBe(404);
    expect(hub.acquire).toHaveBeenCalledTimes(2);
  });

  it('answers 429 with a Retry-After when the viewer watches too many clusters', async () => {
    const { server, hub } = await app({
      limits: { maxClustersPerUser: 0 },
    });

    const response = await summaryOf(server);

    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(hub.acquire).not.toHaveBeenCalled();
  });

  it('refuses a known entity whose early lease would exceed the cap, before acquiring it', async () => {
    const other: Entity = {
      ...rayCluster,
      metadata: {
        ...rayCluster.metadata,
        name: 'other',
        annotations: {
          ...rayCluster.metadata.annotations,
          'syntho.ai/ray-cluster': 'other',
        },
      },
    };
    const { server, hub } = await app({
      catalog: catalogServiceMock({ entities: [rayCluster, other] }),
      limits: { maxClustersPerUser: 1 },
    });
    const ask = (name: string) =>
      request(server)
        .get('/clusters/stream')
        .query({ entityRef: `resource:default/${name}` })
        .set('Authorization', mockCredentials.user.header());
    // Both become known, one after the other.
    expect((await summaryOf(server)).status).toBe(200);
    expect(
      (
        await request(server)
          .get('/clusters/summary')
          .query({ entityRef: 'resource:default/other' })
          .set('Authorization', mockCredentials.user.header())
      ).status,
    ).toBe(200);
    hub.acquire.mockClear();

    // One stream holds ray-cluster; the hint of `other` must not start a second watch for this viewer.
    const holding = ask('ray-cluster-syntho-aks')
      .timeout(300)
      .catch(() => {});
    await new Promise(r => setTimeout(r, 100));
    const refused = await ask('other');

    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(hub.acquire).toHaveBeenCalledTimes(1);
    await holding;
  });

  it.each([
    [
      'another repository',
      'url:https://github.com/evil/gitops/blob/main/x.yaml',
    ],
    [
      'another branch',
      'url:https://github.com/my-org/gitops/blob/feature/x.yaml',
    ],
    [
      'a prefix look-alike',
      'url:https://github.com/my-org/gitops-fork/blob/main/x.yaml',
    ],
    ['a parent segment', `${GITOPS}../../../evil/gitops/blob/main/x.yaml`],
    ['an encoded parent segment', `${GITOPS}%2e%2e/x.yaml`],
    ['a query', `${GITOPS}x.yaml?ref=evil`],
    ['a newline', `${GITOPS}x.yaml\nurl:https://evil`],
    ['a line separator', `${GITOPS}x.yaml\u2028`],
    ['a backslash', `${GITOPS}..\\x.yaml`],
    ['a file location', 'file:/tmp/x.yaml'],
    ['no origin', undefined],
    ['a very long location', `${GITOPS}${'a/'.repeat(5000)}x.yaml`],
  ])(
    'refuses an entity registered from %s, with a diagnosis and no watch',
    async (_name, origin) => {
      const copy: Entity = {
        ...rayCluster,
        metadata: {
          ...rayCluster.metadata,
          annotations: {
            ...rayCluster.metadata.annotations,
            'backstage.io/managed-by-origin-location': origin as string,
          },
        },
      };
      if (origin === undefined)
        delete copy.metadata.annotations![
          'backstage.io/managed-by-origin-location'
        ];
      const { server, hub } = await app({
        catalog: catalogServiceMock({ entities: [copy] }),
      });

      for (const kind of ['summary', 'stream']) {
        const response = await request(server)
          .get(`/clusters/${kind}`)
          .query({ entityRef: 'resource:default/ray-cluster-syntho-aks' })
          .set('Authorization', mockCredentials.user.header());

        expect(response.status).toBe(403);
        expect(response.body.diagnoses).toEqual([
          expect.objectContaining({
            title: 'The entity does not come from the GitOps repository',
            evidence: [
              expect.objectContaining({
                name: 'backstage.io/managed-by-origin-location',
              }),
            ],
            fix: expect.stringContaining('synthoRay.status.trustedLocations'),
          }),
        ]);
        expect(response.text.length).toBeLessThan(4000);
      }
      expect(hub.acquire).not.toHaveBeenCalled();
    },
  );

  it('watches an entity from a trusted location besides the GitOps repository', async () => {
    const fromFile: Entity = {
      ...rayCluster,
      metadata: {
        ...rayCluster.metadata,
        annotations: {
          ...rayCluster.metadata.annotations,
          'backstage.io/managed-by-origin-location':
            'file:/srv/examples/ray.yaml',
        },
      },
    };
    const { server } = await app({
      catalog: catalogServiceMock({ entities: [fromFile] }),
      trustedOrigins: [GITOPS, 'file:/srv/examples/'],
    });

    expect((await summaryOf(server)).status).toBe(200);
  });

  it('ends a stream after reauthorizeMs, so that the reconnecting viewer is checked again', async () => {
    const { server, release } = await app({
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
    const { server } = await app({
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
    const { server, release } = await app({
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
      const { server, hub } = await app();

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
        const { server, hub } = await app({
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

    it("never lists the policy's targets or namespaces in a refusal", async () => {
      const { server } = await app({
        catalog: catalogServiceMock({ entities: hostile }),
        targets: parsePolicy({
          targets: [
            { name: 'aks', namespaces: ['syntho', 'secret-team-ns'] },
            { name: 'hidden-cluster', namespaces: ['x'] },
          ],
        }).targets,
      });

      for (let i = 0; i < HOSTILE.length; i++) {
        const response = await request(server)
          .get('/clusters/summary')
          .query({ entityRef: `resource:default/hostile-${i}` })
          .set('Authorization', mockCredentials.user.header());
        expect(response.text).not.toMatch(/secret-team-ns|hidden-cluster/);
      }
    });
  });
});
