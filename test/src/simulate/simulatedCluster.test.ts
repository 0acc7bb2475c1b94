import { startSimulatedCluster } from './simulatedCluster';

describe('the simulated cluster', () => {
  let standIn: Awaited<ReturnType<typeof startSimulatedCluster>>;
  beforeAll(async () => {
    standIn = await startSimulatedCluster();
  });
  afterAll(() => standIn.stop());

  /** The Ray nodes its dashboard reports, through the service proxy, as `hostname state`. */
  async function rayNodes(scenario: string) {
    standIn.scenarios[scenario]();
    const response = await fetch(
      `${standIn.baseUrl}/api/v1/namespaces/syntho/services/ray-cluster-head-svc:dashboard/proxy/nodes?view=summary`,
    );
    const body = await response.json();
    // As Ray 2.9.3 answers: a dead node has no host statistics (hostname, ip) and no deathInfo.
    return body.data.summary.map(
      (node: any) =>
        `${node.raylet.nodeManagerHostname} ${node.raylet.state} ${[
          'hostname',
          'ip',
          'cpu',
          'mem',
        ]
          .filter(key => key in node)
          .join(',')}${node.raylet.deathInfo ? ' deathInfo' : ''}`,
    );
  }

  it.each([
    [
      'healthy',
      [
        'ray-cluster-head-x7k2p ALIVE hostname,ip,cpu,mem',
        'ray-cluster-workergroup-worker-q9m4z ALIVE hostname,ip,cpu,mem',
        'ray-cluster-workergroup-worker-old DEAD ',
      ],
    ],
    [
      'node-lost',
      [
        'ray-cluster-head-x7k2p ALIVE hostname,ip,cpu,mem',
        'ray-cluster-workergroup-worker-q9m4z DEAD ',
        'ray-cluster-workergroup-worker-old DEAD ',
      ],
    ],
    [
      'unschedulable-workers',
      [
        'ray-cluster-head-x7k2p ALIVE hostname,ip,cpu,mem',
        'ray-cluster-workergroup-worker-old DEAD ',
      ],
    ],
  ])(
    'reports the Ray nodes a real dashboard would in %s',
    async (scenario, nodes) => {
      expect(await rayNodes(scenario)).toEqual(nodes);
    },
  );
});
