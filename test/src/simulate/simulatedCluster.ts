import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness';
import {
  KubeObject,
  KubernetesStandIn,
  Snapshot,
} from '../standins/kubernetes';

/** The health model's fixtures: one snapshot per failure mode, for cluster `ray-cluster` in `syntho`. */
const FIXTURES_DIR = join(
  repoRoot,
  'plugins/syntho-ray-common/src/health/__fixtures__',
);

/** One of the fixture snapshots by name (`healthy`, `image-pull-secret-missing`, …). */
export function fixture(name: string): Snapshot {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8'));
}

/** What the Ray dashboard of a healthy cluster answers, by path. */
export function dashboardAnswers() {
  const readings = JSON.parse(
    readFileSync(join(FIXTURES_DIR, 'dashboard.json'), 'utf8'),
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

/**
 * What the Ray dashboard of `snapshot` answers: nothing while its head pod is not ready (the head
 * Service has no endpoints), else the healthy answers with a live node only for each ready pod.
 */
function dashboardOf(snapshot: Snapshot) {
  const pods = snapshot.pods?.items ?? [];
  const head = pods.find(
    p => p.metadata.labels?.['ray.io/node-type'] === 'head',
  );
  if (!head || !isReady(head)) return undefined;
  const ready = new Set(pods.filter(isReady).map(p => p.metadata.name));
  const answers = dashboardAnswers();
  const nodes = answers['/nodes?view=summary'].data;
  nodes.summary = nodes.summary.filter(
    (node: { hostname: string; raylet: { state: string } }) =>
      node.raylet.state !== 'ALIVE' || ready.has(node.hostname),
  );
  return answers;
}

/**
 * A stand-in API server holding a healthy Ray cluster, with every fixture available as a scenario
 * (`POST /_control/scenario/<fixture>`); the dashboard answers while the head is ready.
 */
export async function startSimulatedCluster(port = 0) {
  const standIn = new KubernetesStandIn();
  const names = readdirSync(FIXTURES_DIR)
    .filter(file => file.endsWith('.json') && file !== 'dashboard.json')
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
