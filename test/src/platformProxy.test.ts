import { Portal, startPortal } from './harness';
import { KubernetesStandIn } from './standins/kubernetes';

jest.setTimeout(180_000);

/**
 * The one permission-matrix row that needs the real backend process: a platform-group member's raw
 * Kubernetes proxy request reaches the cluster. In Jest the proxy cannot load its ESM client
 * (packages/backend/src/permissionMatrix.test.ts has the other rows). The platform group is the one
 * app-config.yaml names; the guest is signed in as its member.
 */
describe('the Kubernetes proxy for the platform group', () => {
  const standIn = new KubernetesStandIn();
  let portal: Portal;

  beforeAll(async () => {
    await standIn.start();
    portal = await startPortal({
      config: {
        auth: {
          providers: {
            guest: {
              ownershipEntityRefs: [
                'user:development/guest',
                'group:default/platform-team',
              ],
            },
          },
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'simulated',
                  url: standIn.baseUrl,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'stand-in-service-account-token',
                  skipMetricsLookup: true,
                },
              ],
            },
          ],
        },
      },
    });
  });

  afterAll(async () => {
    await portal?.stop();
    await standIn.stop();
  });

  it("passes a member's request to the cluster with the backend's service account", async () => {
    const refresh = await fetch(`${portal.baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const token = (await refresh.json()).backstageIdentity.token;

    const response = await fetch(
      `${portal.baseUrl}/api/kubernetes/proxy/api/v1/namespaces/syntho/configmaps`,
      {
        headers: {
          Authorization: `Bearer ${token}`,
          'Backstage-Kubernetes-Cluster': 'simulated',
        },
      },
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: [] });
    expect(
      standIn.requests.filter(r => r.path.endsWith('/syntho/configmaps')),
    ).toEqual([
      expect.objectContaining({
        authorization: 'Bearer stand-in-service-account-token',
      }),
    ]);
  });
});
