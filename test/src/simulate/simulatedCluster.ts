import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness';
import {
  KubeObject,
  KubernetesStandIn,
  Snapshot,
} from '../standins/kubernetes';

/** The health model's fixtures: one snapshot per failure mode, for cluster `ray-cluster` in `syntho`. */
/** The health model's fixtures: one cluster state per file, in the Kubernetes JSON shape. */
export const FIXTURES_DIR = join(
  repoRoot,
  'plugins/syntho-ray-common/src/health/__fixtures__',
);

/** One of the fixture snapshots by name (`healthy`, `image-pull-secret-missing`, …). */
export function fixture(name: string): Snapshot {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8'));
}

/**
 * The Ray dashboards' answers the fixtures hold: `dashboard.json` for Ray 2.9.3 (the default
 * image), `dashboard-ray-2.52.json` for a current Ray with the autoscaler v2.
 */
export const DASHBOARD_FIXTURES = ['dashboard', 'dashboard-ray-2.52'] as const;

/** Whether a fixture file holds a dashboard's answers rather than a cluster snapshot. */
export function isDashboardFixture(file: string) {
  return file.startsWith('dashboard');
}

/** What the Ray dashboard of a healthy cluster answers, by path (Ray 2.9.3 unless `name` says). */
export function dashboardAnswers(
  name: (typeof DASHBOARD_FIXTURES)[number] = 'dashboard',
) {
  const readings = JSON.parse(
    readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8'),
  );
  return {
    '/api/version': readings.version,
    '/api/cluster_status': readings.clusterStatus,
    '/nodes?view=summary': readings.nodes,
    '/api/jobs/': readings.jobs,
  };
}

function isReady(pod: KubeObject) {
  return ((pod as any).status?.conditions ?? []).some(
    (c: { type: string; status: string }) =>
      c.type === 'Ready' && c.status === 'True',
  );
}

/** When the Ready condition of `pod` last changed, in ms, as the dashboard sends times. */
function readySince(pod: KubeObject) {
  const ready = ((pod as any).status?.conditions ?? []).find(
    (c: { type: string }) => c.type === 'Ready',
  );
  return String(Date.parse(ready?.lastTransitionTime ?? '') || Date.now());
}

/**
 * What the Ray 2.9.3 dashboard of `snapshot` answers: nothing while its head pod is not ready (the
 * head Service has no endpoints), else the healthy answers, where a node is alive while its pod is
 * ready, dead once its running pod stopped being ready (as Ray declares a node whose heartbeats
 * stop), and absent while its pod never ran. A dead node's row keeps only its `raylet` part: the
 * host statistics came from its agent, and Ray 2.9 records no `deathInfo`.
 * @upstream ray-dashboard-answers
 */
function dashboardOf(snapshot: Snapshot) {
  const pods = new Map(
    (snapshot.pods?.items ?? []).map(p => [p.metadata.name, p]),
  );
  const head = [...pods.values()].find(
    p => p.metadata.labels?.['ray.io/node-type'] === 'head',
  );
  if (!head || !isReady(head)) return undefined;
  const answers = dashboardAnswers();
  const nodes = answers['/nodes?view=summary'].data;
  nodes.summary = nodes.summary.flatMap((node: any) => {
    const pod = pods.get(node.raylet.nodeManagerHostname);
    if (node.raylet.state !== 'ALIVE' || (pod && isReady(pod))) return [node];
    if ((pod as any)?.status?.phase !== 'Running') return [];
    return [
      {
        raylet: {
          ...node.raylet,
          state: 'DEAD',
          endTimeMs: readySince(pod!),
        },
      },
    ];
  });
  return answers;
}

/**
 * A stand-in API server holding a healthy Ray cluster, with every fixture available as a scenario
 * (`POST /_control/scenario/<fixture>`); the dashboard answers while the head is ready.
 */
export async function startSimulatedCluster(port = 0) {
  const standIn = new KubernetesStandIn();
  const names = readdirSync(FIXTURES_DIR)
    .filter(file => file.endsWith('.json') && !isDashboardFixture(file))
    .map(file => file.replace(/\.json$/, ''));
  const load = (name: string) => {
    const snapshot = fixture(name);
    standIn.load(snapshot);
    standIn.setDashboard(
      'syntho',
      'ray-cluster-head-svc',
      dashboardOf(snapshot),
    );
  };
  standIn.scenarios = Object.fromEntries(
    names.map(name => [name, () => load(name)]),
  );
  await standIn.start(port);
  load('healthy');
  return standIn;
}
