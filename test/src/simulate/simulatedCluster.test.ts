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
    return body.data.summary.map(
      (node: any) =>
        `${node.hostname} ${node.raylet.state}${
          node.raylet.deathInfo
            ? `: ${node.raylet.deathInfo.reasonMessage}`
            : ''
        }`,
    );
  }

  it.each([
    [
      'healthy',
      [
        'ray-cluster-head-x7k2p ALIVE',
        'ray-cluster-workergroup-worker-q9m4z ALIVE',
        'ray-cluster-workergroup-worker-old DEAD: health check failed due to missing too many heartbeats',
      ],
    ],
    [
      'node-lost',
      [
        'ray-cluster-head-x7k2p ALIVE',
        'ray-cluster-workergroup-worker-q9m4z DEAD: health check failed due to missing too many heartbeats',
        'ray-cluster-workergroup-worker-old DEAD: health check failed due to missing too many heartbeats',
      ],
    ],
    [
      'unschedulable-workers',
      [
        'ray-cluster-head-x7k2p ALIVE',
        'ray-cluster-workergroup-worker-old DEAD: health check failed due to missing too many heartbeats',
      ],
    ],
  ])(
    'reports the Ray nodes a real dashboard would in %s',
    async (scenario, nodes) => {
      expect(await rayNodes(scenario)).toEqual(nodes);
    },
  );
});
