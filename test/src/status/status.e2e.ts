import { KubernetesStandIn } from '../standins/kubernetes';
import { startStatusPortal, SummaryStream } from './statusBackend';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { repoRoot } from '../harness';
import { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import {
  dashboardAnswers,
  fixture,
  FIXTURES_DIR,
  isDashboardFixture,
} from '../simulate/simulatedCluster';

jest.setTimeout(60_000);

/** A summary without what changes with time or comes from a later dashboard read. */
function withoutTimeAndDashboard({
  observedAt,
  dashboard,
  ...rest
}: RayClusterSummary) {
  return rest;
}

/**
 * Entities anyone could register, whose annotations try to reach other namespaces, other paths of
 * the API or clusters the policy does not name: [annotation, value, expected status].
 */
const HOSTILE_ANNOTATIONS: Array<[string, string, number]> = [
  ['syntho.ai/ray-namespace', '..', 400],
  ['syntho.ai/ray-namespace', 'kube-system/pods#', 400],
  ['syntho.ai/ray-namespace', '%2F', 400],
  ['syntho.ai/ray-namespace', 'syntho/../kube-system', 400],
  ['syntho.ai/ray-namespace', 'syntho\nkube-system', 400],
  ['syntho.ai/ray-namespace', 'kube-system', 403],
  ['syntho.ai/ray-cluster', 'ray-cluster,metadata.name!=x', 400],
  ['syntho.ai/ray-cluster', '../../../pods', 400],
  ['syntho.ai/kubernetes-cluster', 'local', 403],
  ['syntho.ai/kubernetes-cluster', 'simulated\nX-Injected: 1', 403],
];

/** Writes the hostile entities to a catalog file; returns its path. */
function hostileEntitiesFile(): string {
  const documents = HOSTILE_ANNOTATIONS.map(([annotation, value], i) =>
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `hostile-${i}`,
        annotations: {
          'syntho.ai/ray-cluster': 'ray-cluster',
          'syntho.ai/ray-namespace': 'syntho',
          'syntho.ai/kubernetes-cluster': 'simulated',
          [annotation]: value,
        },
      },
      spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
    }),
  );
  const file = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'entities.yaml');
  writeFileSync(file, documents.join('---\n'));
  return file;
}

/**
 * Copies of the example Ray cluster, well formed and naming the allowed target and namespace, from
 * a file the backend does not trust: one plain, one that claims the trusted origin itself.
 */
function untrustedEntitiesFile(trustedOrigin: string): string {
  const copy = (name: string, annotations: Record<string, string> = {}) =>
    stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        annotations: {
          'syntho.ai/ray-cluster': 'ray-cluster',
          'syntho.ai/ray-namespace': 'syntho',
          'syntho.ai/kubernetes-cluster': 'simulated',
          ...annotations,
        },
      },
      spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
    });
  const file = join(mkdtempSync(join(tmpdir(), 'untrusted-')), 'entities.yaml');
  writeFileSync(
    file,
    [
      copy('untrusted-copy'),
      copy('untrusted-forged-origin', {
        'backstage.io/managed-by-origin-location': trustedOrigin,
        'backstage.io/managed-by-location': trustedOrigin,
      }),
    ].join('---\n'),
  );
  return file;
}

/** The health model's fixtures, each a cluster in a state it diagnoses. */
const FIXTURES = readdirSync(FIXTURES_DIR)
  .filter(file => file.endsWith('.json') && !isDashboardFixture(file))
  .map(file => file.replace(/\.json$/, ''));

describe('syntho-ray backend against the Kubernetes stand-in, through the Kubernetes plugin', () => {
  const standIn = new KubernetesStandIn();
  let backend: Awaited<ReturnType<typeof startStatusPortal>>;
  const streams: SummaryStream[] = [];
  let firstRequest = 0;

  beforeAll(async () => {
    await standIn.start();
    standIn.load(fixture('healthy'));
    const examples = join(repoRoot, 'examples/simulated-ray-cluster.yaml');
    const hostile = hostileEntitiesFile();
    backend = await startStatusPortal(
      standIn,
      // The examples and the hostile entities (whose annotations are what is tested) are trusted;
      // the untrusted file is not.
      { trustedLocations: [`file:${examples}`, `file:${dirname(hostile)}/`] },
      {
        catalog: {
          locations: [
            { type: 'file', target: examples },
            { type: 'file', target: hostile },
            {
              type: 'file',
              target: untrustedEntitiesFile(`file:${examples}`),
            },
          ],
        },
        synthoRay: {
          targets: [
            { name: 'simulated', namespaces: ['syntho'], simulated: true },
          ],
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    await backend?.portal.stop();
    await standIn.stop();
  });

  beforeEach(async () => {
    standIn.clearFaults();
    standIn.setDown(false);
    standIn.setTables(true);
    standIn.setResourceMissing('rayclusters', false);
    standIn.setRayClusterCrd('kuberay-1.2');
    standIn.setDashboard('syntho', 'ray-cluster-head-svc');
    standIn.load(fixture('healthy'));
    await noWatchesOpen();
    firstRequest = standIn.requests.length;
  });

  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });

  /** Requests since the test began. */
  const requests = () => standIn.requests.slice(firstRequest);

  async function noWatchesOpen() {
    for (let i = 0; i < 100 && standIn.openWatches() > 0; i++)
      await new Promise(r => setTimeout(r, 100));
    if (standIn.openWatches() > 0)
      throw new Error(
        `watches still open; backend said:\n${backend.portal
          .output()
          .split('\n')
          .filter(line => /syntho-ray|kubernetes/i.test(line))
          .slice(-20)
          .join('\n')}`,
      );
  }

  /**
   * Waits until the backend has let its watch go (linger 0.3 s). The upstream watches may stay open
   * until their timeout: the Kubernetes plugin's proxy does not close them when its client leaves.
   */
  async function watchReleased() {
    await new Promise(r => setTimeout(r, 600));
  }

  /** Waits until the watch has read everything whole and opened its five watches. */
  async function allWatching() {
    for (let i = 0; i < 20 && standIn.openWatches() < 5; i++)
      await new Promise(r => setTimeout(r, 100));
    expect(standIn.openWatches()).toBe(5);
  }

  async function open() {
    const stream = await backend.stream();
    streams.push(stream);
    return stream;
  }

  it('answers a summary with the verdict, counts and Ray address, and nothing secret', async () => {
    const { status, text } = await backend.summary();

    expect(status).toBe(200);
    const summary = JSON.parse(text);
    expect(summary).toMatchObject({
      kubernetesCluster: 'simulated',
      namespace: 'syntho',
      name: 'ray-cluster',
      verdict: 'Ready',
      head: { desired: 1, ready: 1 },
      groups: [{ name: 'workergroup', desired: 1, ready: 1 }],
      service: {
        exists: true,
        rayAddress: 'ray-cluster-head-svc.syntho.svc.cluster.local',
      },
      operator: { name: 'kuberay-operator', available: 1 },
    });
    expect(text).not.toMatch(
      /LICENSE_KEY_SIGNED|syntho-license|secretKeyRef|env|imagePullSecrets|stand-in-service-account-token/,
    );
    await allWatching();
    const watched = requests()
      .filter(r => r.watch)
      .map(r => r.path);
    expect(watched.sort()).toEqual([
      '/api/v1/namespaces/syntho/events',
      '/api/v1/namespaces/syntho/pods',
      '/api/v1/namespaces/syntho/services',
      '/apis/apps/v1/namespaces/syntho/deployments',
      '/apis/ray.io/v1/namespaces/syntho/rayclusters',
    ]);
    expect(
      requests().every(
        r => r.authorization === 'Bearer stand-in-service-account-token',
      ),
    ).toBe(true);
  });

  it('pushes a scripted failure with its diagnosis, then the recovery, to a viewer', async () => {
    const stream = await open();
    await stream.next(s => s.verdict === 'Ready');

    const failedAt = Date.now();
    standIn.load(fixture('image-pull-secret-missing'));
    const failed = await stream.next(s => s.verdict === 'Failed', 2000);
    expect(failed.summary.diagnoses[0]).toMatchObject({ id: 'image-pull' });
    expect(failed.at - failedAt).toBeLessThan(2000);

    standIn.load(fixture('healthy'));
    await stream.next(s => s.verdict === 'Ready', 2000);
  });

  it("answers a new watch's first summary from the pods' Table, then reads the whole list, which confirms it", async () => {
    const stream = await open();
    const first = await stream.next(() => true);

    expect(first.summary).toMatchObject({
      verdict: 'Ready',
      groups: [{ name: 'workergroup', desired: 1, ready: 1 }],
    });
    const podReads = () =>
      requests().filter(r => !r.watch && r.path.endsWith('/pods'));
    for (let i = 0; i < 20 && podReads().length < 2; i++)
      await new Promise(r => setTimeout(r, 100));
    const [table, whole] = podReads();
    expect(table.accept).toContain('as=Table');
    expect(new URLSearchParams(table.query).get('includeObject')).toBe(
      'Metadata',
    );
    expect(whole.accept ?? '').not.toContain('as=Table');
    await new Promise(r => setTimeout(r, 500));
    for (const { summary } of stream.summaries)
      expect(withoutTimeAndDashboard(summary)).toEqual(
        withoutTimeAndDashboard(first.summary),
      );
  });

  it("reads whole only the pods whose Table rows are not healthy for a new watch's first summary", async () => {
    standIn.load(fixture('image-pull-secret-missing'));
    const stream = await open();

    const first = await stream.next(() => true);
    expect(first.summary.diagnoses[0]).toMatchObject({ id: 'image-pull' });
    const singlePodReads = requests()
      .filter(r => !r.watch && /\/pods\/[^/]+$/.test(r.path))
      .map(r => r.path.split('/').at(-1));
    expect(singlePodReads.sort()).toEqual([
      'ray-cluster-head-x7k2p',
      'ray-cluster-workergroup-worker-q9m4z',
    ]);
  });

  it('gives the same first summary from the Table as from whole pods, for every fixture', async () => {
    const firstSummary = async () => {
      const stream = await open();
      const { summary } = await stream.next(() => true);
      stream.close();
      // A viewer who came before the backend let this watch go would share it.
      await watchReleased();
      return withoutTimeAndDashboard(summary);
    };
    for (const name of FIXTURES) {
      // A previous log is read after the first summary, whichever way the pods came.
      const { podLogs, ...snapshot } = fixture(name);
      standIn.load(snapshot);
      standIn.setTables(true);
      const fromTable = await firstSummary();
      standIn.setTables(false);
      const fromWholePods = await firstSummary();
      expect({ name, summary: fromTable }).toEqual({
        name,
        summary: fromWholePods,
      });
    }
  });

  it('pushes the correction when the whole list shows a pod the Table could not (not ready on a lost node, its event gone)', async () => {
    const { events: expired, ...nodeLost } = fixture('node-lost');
    expect(expired.items.map(e => e.reason)).toEqual(['NodeNotReady']);
    standIn.load(nodeLost);
    const stream = await open();

    const first = await stream.next(() => true);
    expect(first.summary.groups[0].ready).toBe(1);
    const corrected = await stream.next(s => s.groups[0].ready === 0, 2000);
    expect(corrected.summary.verdict).not.toBe('Ready');
  });

  it('shares one watch per cluster among all viewers and releases it after the last leaves', async () => {
    const viewers = await Promise.all(Array.from({ length: 8 }, open));
    await Promise.all(viewers.map(v => v.next(s => s.verdict === 'Ready')));

    await allWatching();
    expect(
      requests().filter(r => !r.watch && r.path.endsWith('/pods')),
    ).toHaveLength(2);

    for (const viewer of viewers) viewer.close();
    await noWatchesOpen();
  });

  it('resumes dropped watches from the last resourceVersion, and relists after 410 Gone', async () => {
    const stream = await open();
    await stream.next(s => s.verdict === 'Ready');
    await allWatching();
    const lists = () =>
      requests().filter(r => !r.watch && /pods$/.test(r.path)).length;
    const listsBefore = lists();

    standIn.dropWatches();
    standIn.load(fixture('unschedulable-workers'));
    await stream.next(s => s.verdict === 'Degraded', 3000);
    const resumed = requests()
      .filter(r => r.watch && /pods$/.test(r.path))
      .at(-1)!;
    expect(new URLSearchParams(resumed.query).get('resourceVersion')).not.toBe(
      '0',
    );
    expect(lists()).toBe(listsBefore);

    standIn.compact();
    standIn.dropWatches();
    standIn.load(fixture('healthy'));
    await stream.next(s => s.verdict === 'Ready', 3000);
    expect(lists()).toBeGreaterThan(listsBefore);
  });

  it('shows an unreachable API as Unknown and recovers within 5 s of its return, without a restart', async () => {
    const stream = await open();
    await stream.next(s => s.verdict === 'Ready');

    standIn.setDown(true);
    const down = await stream.next(s => s.verdict === 'Unknown', 5000);
    expect(down.summary.diagnoses[0].id).toBe('api-unreachable');
    // The counts from before the outage, as last known with their time, not an empty cluster.
    expect(down.summary).toMatchObject({
      head: { ready: 1, desired: 1 },
      service: { exists: true },
      stale: { observedAt: expect.any(String) },
    });
    expect(Date.parse(down.summary.stale!.observedAt!)).toBeLessThanOrEqual(
      Date.parse(down.summary.observedAt),
    );

    await new Promise(r => setTimeout(r, 3000));
    const back = Date.now();
    standIn.setDown(false);
    const recovered = await stream.next(s => s.verdict === 'Ready', 5000);
    expect(recovered.at - back).toBeLessThan(5000);
  });

  it.each([401, 403])(
    'shows a %s from the API as a permission problem and recovers',
    async code => {
      const stream = await open();
      await stream.next(s => s.verdict === 'Ready');

      standIn.fail({ path: /\/pods$/, status: code });
      standIn.dropWatches();
      const refused = await stream.next(
        s => s.diagnoses[0]?.id === 'api-forbidden',
        5000,
      );
      expect(refused.summary.verdict).toBe('Unknown');
      expect(refused.summary.diagnoses[0]).toMatchObject({
        id: 'api-forbidden',
      });
      expect(refused.summary.reason).toContain(`(${code})`);
      expect(refused.summary.stale?.observedAt).toBeDefined();
      expect(refused.summary.head.ready).toBe(1);

      const back = Date.now();
      standIn.clearFaults();
      const recovered = await stream.next(s => s.verdict === 'Ready', 5000);
      expect(recovered.at - back).toBeLessThan(5000);
    },
  );

  it('waits for slow answers instead of failing', async () => {
    standIn.fail({ path: /\/pods$/, delayMs: 1500, watch: false, times: 1 });

    const started = Date.now();
    const { text } = await backend.summary();

    expect(JSON.parse(text).verdict).toBe('Ready');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it("diagnoses pids exhaustion from the crashed container's previous log, read through the proxy, and quotes only the phrase", async () => {
    standIn.load(fixture('pids-exhausted-openshift'));
    const stream = await open();

    const { summary } = await stream.next(
      s => s.diagnoses[0]?.id === 'pids-exhausted',
    );

    expect(summary.diagnoses[0].evidence[0]).toEqual({
      kind: 'Pod',
      name: 'ray-cluster-workergroup-worker-q9m4z',
      reason: 'Error',
      message:
        'previous log of ray-worker: "fork: retry: Resource temporarily unavailable"',
    });
    expect(JSON.stringify(summary)).not.toMatch(/Traceback|threading/);
    const logReads = requests().filter(r => r.path.endsWith('/log'));
    expect(logReads.map(r => r.path)).toEqual([
      '/api/v1/namespaces/syntho/pods/ray-cluster-workergroup-worker-q9m4z/log',
    ]);
    expect(Object.fromEntries(new URLSearchParams(logReads[0].query))).toEqual({
      container: 'ray-worker',
      previous: 'true',
      tailLines: '50',
      limitBytes: '16384',
    });
  });

  it('says the CRDs are missing when the API has no rayclusters', async () => {
    standIn.setResourceMissing('rayclusters', true);
    standIn.load(fixture('raycluster-missing'));

    const summary = JSON.parse((await backend.summary()).text);

    expect(summary.verdict).toBe('NotFound');
    expect(summary.diagnoses[0].id).toBe('crds-missing');
  });

  it("falls back from ray.io/v1 to v1alpha1 where the CRD serves only that (Syntho's KubeRay 0.4 fork), and summarises it", async () => {
    standIn.setRayClusterCrd('kuberay-0.4');
    standIn.load(fixture('healthy-v1alpha1'));
    const stream = await open();

    const { summary } = await stream.next(s => s.verdict === 'Ready');

    expect(summary).toMatchObject({
      rayCluster: { apiVersion: 'ray.io/v1alpha1', rayVersion: '2.9.3' },
      head: { desired: 1, ready: 1 },
      groups: [{ name: 'workergroup', desired: 1, ready: 1 }],
      diagnoses: [],
    });
    const rayClusterReads = requests()
      .filter(r => r.path.includes('/rayclusters'))
      .map(r => `${r.watch ? 'watch' : 'list'} ${r.path.split('/')[3]}`);
    expect(rayClusterReads.slice(0, 2)).toEqual(['list v1', 'list v1alpha1']);
    await allWatching();
    expect(
      requests()
        .filter(r => r.path.includes('/rayclusters'))
        .map(r => `${r.watch ? 'watch' : 'list'} ${r.path.split('/')[3]}`),
    ).toContain('watch v1alpha1');
  });

  it('reads the Ray dashboard through the Kubernetes service proxy, and drops it with the head Service', async () => {
    standIn.setDashboard('syntho', 'ray-cluster-head-svc', dashboardAnswers());
    const stream = await open();

    const { summary } = await stream.next(s => Boolean(s.dashboard?.reachable));

    expect(summary.dashboard).toMatchObject({
      rayVersion: '2.9.3',
      nodes: { alive: 2, dead: 1 },
      usage: expect.arrayContaining([
        { resource: 'object_store_memory', used: 0, total: 27487790694 },
      ]),
    });
    expect(
      requests().some(r =>
        r.path.startsWith(
          '/api/v1/namespaces/syntho/services/ray-cluster-head-svc:dashboard/proxy/api/version',
        ),
      ),
    ).toBe(true);

    standIn.remove('services', 'syntho', 'ray-cluster-head-svc');
    const withoutService = await stream.next(s => !s.service.exists, 2000);
    expect(withoutService.summary.dashboard).toBeUndefined();
  });

  it.each(
    HOSTILE_ANNOTATIONS.map(
      ([annotation, value, status], i) =>
        [i, annotation, JSON.stringify(value), status] as const,
    ),
  )(
    'answers hostile-%i (%s %s) with %i and its diagnosis, and requests nothing from the cluster',
    async (i, annotation, _value, status) => {
      const entityRef = `resource:default/hostile-${i}`;
      const summary = await waitForCatalog(() => backend.summary(entityRef));

      expect(summary.status).toBe(status);
      const body = JSON.parse(summary.text);
      expect(body.diagnoses[0].evidence[0].name).toBe(annotation);
      expect(body.diagnoses[0].fix).toMatch(/^Set /);
      await expect(backend.stream(entityRef)).rejects.toThrow(
        `stream refused: ${status}`,
      );
      await new Promise(r => setTimeout(r, 300));
      expect(requests()).toEqual([]);
    },
  );

  it.each(['untrusted-copy', 'untrusted-forged-origin'])(
    'refuses %s, which does not come from a trusted location, and requests nothing from the cluster',
    async name => {
      const entityRef = `resource:default/${name}`;
      const summary = await waitForCatalog(() => backend.summary(entityRef));

      expect(summary.status).toBe(403);
      const body = JSON.parse(summary.text);
      expect(body.diagnoses).toEqual([
        expect.objectContaining({
          title: 'The entity does not come from the GitOps repository',
          evidence: [
            expect.objectContaining({
              name: 'backstage.io/managed-by-origin-location',
            }),
          ],
        }),
      ]);
      await expect(backend.stream(entityRef)).rejects.toThrow(
        'stream refused: 403',
      );
      await new Promise(r => setTimeout(r, 300));
      expect(requests()).toEqual([]);
    },
  );

  it('sent the stand-in, over the whole run, only paths of the simulated namespace and /version', () => {
    const allowed =
      /^\/(version|api\/v1\/namespaces\/syntho\/(pods|services|events)(\/[a-z0-9.-]+(:dashboard\/proxy\/[^?#]*|\/log)?)?|apis\/apps\/v1\/namespaces\/syntho\/deployments|apis\/ray\.io\/v1(alpha1)?\/namespaces\/syntho\/rayclusters)$/;
    const elsewhere = standIn.requests.filter(
      r => !allowed.test(r.rawPath) || r.rawPath !== r.path,
    );
    expect(standIn.requests.length).toBeGreaterThan(0);
    expect(elsewhere).toEqual([]);
  });
});

/** Asks until the catalog has ingested the entity (404 until then). */
async function waitForCatalog(
  ask: () => Promise<{ status: number; text: string }>,
) {
  for (let attempt = 0; ; attempt++) {
    const answer = await ask();
    if (answer.status !== 404 || attempt >= 60) return answer;
    await new Promise(r => setTimeout(r, 500));
  }
}
