import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureCharts, repoRoot } from '../harness';
import { KubernetesStandIn, RAYCLUSTER_CRD_VERSIONS } from './kubernetes';

const rayCluster = {
  apiVersion: 'ray.io/v1alpha1',
  kind: 'RayCluster',
  metadata: { name: 'ray-cluster', namespace: 'syntho' },
  spec: { rayVersion: '2.9.3' },
};

describe('the Kubernetes stand-in', () => {
  const standIn = new KubernetesStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.setRayClusterCrd('kuberay-1.2');
    standIn.load({ rayclusters: { items: [rayCluster] } });
  });

  const get = (version: string, suffix = '') =>
    fetch(
      `${standIn.baseUrl}/apis/ray.io/${version}/namespaces/syntho/rayclusters${suffix}`,
    );

  /** The first event of a watch, read from its first line. */
  async function firstWatchEvent(version: string) {
    const controller = new AbortController();
    const response = await fetch(
      `${standIn.baseUrl}/apis/ray.io/${version}/namespaces/syntho/rayclusters?watch=true`,
      { signal: controller.signal },
    );
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n')) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    return JSON.parse(text.split('\n')[0]);
  }

  it.each(Object.entries(RAYCLUSTER_CRD_VERSIONS))(
    "serves with %s's CRD only the RayCluster versions it serves, %j",
    async (crd, served) => {
      standIn.setRayClusterCrd(crd as keyof typeof RAYCLUSTER_CRD_VERSIONS);
      const answers = await Promise.all(
        ['v1', 'v1alpha1', 'v1beta1'].map(async version => {
          const response = await get(version);
          const body = await response.json();
          return [
            version,
            response.status,
            body.items?.[0]?.apiVersion ?? body,
          ];
        }),
      );
      const notFound = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        code: 404,
      };
      expect(answers).toEqual(
        ['v1', 'v1alpha1', 'v1beta1'].map(version =>
          (served as readonly string[]).includes(version)
            ? [version, 200, `ray.io/${version}`]
            : [version, 404, notFound],
        ),
      );
    },
  );

  it('answers a single object and a watch in the version asked for', async () => {
    const single = await (await get('v1', '/ray-cluster')).json();
    expect(single.apiVersion).toBe('ray.io/v1');
    const event = await firstWatchEvent('v1');
    expect(event).toMatchObject({
      type: 'ADDED',
      object: { apiVersion: 'ray.io/v1', metadata: { name: 'ray-cluster' } },
    });
  });

  it('refuses a watch of a version the CRD does not serve', async () => {
    standIn.setRayClusterCrd('kuberay-0.4');
    const response = await get('v1', '?watch=true');
    expect(response.status).toBe(404);
    expect((await firstWatchEvent('v1alpha1')).object.apiVersion).toBe(
      'ray.io/v1alpha1',
    );
  });

  it.each([
    ['kuberay-0.4', 'syntho-charts-ray'],
    ['kuberay-1.2', 'deployment-tools-ray'],
  ] as const)(
    "serves with %s's CRD the versions the CRD of the chart in %s/ serves",
    async (crd, chart) => {
      const charts = await ensureCharts(repoRoot);
      const definition = parse(
        readFileSync(
          join(charts, chart, 'crds/ray.io_rayclusters.yaml'),
          'utf8',
        ),
      );
      const served = definition.spec.versions
        .filter((v: { served: boolean }) => v.served)
        .map((v: { name: string }) => v.name);
      expect([...RAYCLUSTER_CRD_VERSIONS[crd]].sort()).toEqual(served.sort());
    },
  );

  describe('pods/<pod>/log', () => {
    const pod = {
      metadata: { name: 'worker', namespace: 'syntho' },
      spec: { containers: [{ name: 'ray-worker' }] },
      status: {
        containerStatuses: [
          {
            name: 'ray-worker',
            restartCount: 1,
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                containerID: 'cri-o://5be1',
              },
            },
          },
        ],
      },
    };
    const log = (query: string) =>
      fetch(
        `${standIn.baseUrl}/api/v1/namespaces/syntho/pods/worker/log?${query}`,
      );

    beforeEach(() => {
      standIn.load({
        pods: { items: [pod] },
        podLogs: {
          items: [
            {
              metadata: { name: 'worker', namespace: 'syntho' },
              container: 'ray-worker',
              previous: 'one\ntwo\nthree\n',
              current: 'now\n',
            } as any,
          ],
        },
      });
    });

    it("answers a container's previous log as text, its last lines and bytes only", async () => {
      const response = await log(
        'container=ray-worker&previous=true&tailLines=2&limitBytes=6',
      );
      expect(response.headers.get('content-type')).toBe('text/plain');
      expect(await response.text()).toBe('two\nth');
      expect(await (await log('')).text()).toBe('now\n');
    });

    it('refuses a previous log of a container that has not terminated, and an unknown container', async () => {
      standIn.load({
        pods: {
          items: [
            { ...pod, status: { containerStatuses: [{ name: 'ray-worker' }] } },
          ],
        },
      });
      const previous = await log('container=ray-worker&previous=true');
      expect(previous.status).toBe(400);
      expect((await previous.json()).message).toBe(
        'previous terminated container "ray-worker" in pod "worker" not found',
      );
      expect((await log('container=ray-head')).status).toBe(400);
      expect(
        (
          await fetch(
            `${standIn.baseUrl}/api/v1/namespaces/syntho/pods/gone/log`,
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('control endpoints', () => {
    const control = (command: string) =>
      fetch(`${standIn.baseUrl}/_control/${command}`, { method: 'POST' });
    afterEach(() => standIn.setDown(false));

    it('answers `down` before resetting the connections, then refuses the API until `up`', async () => {
      const down = await control('down');
      expect(down.status).toBe(200);
      expect(await down.json()).toMatchObject({ ok: true, command: 'down' });
      await expect(get('v1alpha1')).rejects.toThrow();
      expect((await control('up')).status).toBe(200);
      expect((await get('v1alpha1')).status).toBe(200);
    });

    it('names an unknown scenario without acting', async () => {
      const response = await control('scenario/nope');
      expect(response.status).toBe(404);
      expect((await response.json()).message).toBe('no scenario nope');
    });
  });
});
