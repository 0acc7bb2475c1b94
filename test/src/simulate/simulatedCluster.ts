import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness';
import { KubernetesStandIn, Snapshot } from '../standins/kubernetes';

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
    standIn.load(fixture(name));
    standIn.setDashboard(
      'syntho',
      'ray-cluster-head-svc',
      name.startsWith('healthy') ? dashboardAnswers() : undefined,
    );
  };
  standIn.scenarios = Object.fromEntries(
    names.map(name => [name, () => load(name)]),
  );
  await standIn.start(port);
  load('healthy');
  return standIn;
}
