import { mockServices } from '@backstage/backend-test-utils';
import { ClusterWatch } from './ClusterWatch';
import { KubernetesProxyApi } from './KubernetesProxyApi';

describe('ClusterWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('tells viewers why it cannot reach the Kubernetes plugin, and keeps trying', async () => {
    const api = {
      kubeConfig: jest
        .fn()
        .mockRejectedValue(new Error('No plugin kubernetes in discovery')),
      get: jest.fn().mockRejectedValue(new Error('not reached')),
    };
    const watch = new ClusterWatch(
      { kubernetesCluster: 'aks', namespace: 'syntho', name: 'ray-cluster' },
      {
        api: api as unknown as KubernetesProxyApi,
        logger: mockServices.logger.mock(),
      },
    );

    watch.start();
    await jest.advanceTimersByTimeAsync(0);
    await watch.ready();
    const summary = JSON.parse(watch.summaryJson());

    expect(summary.verdict).toBe('Unknown');
    expect(summary.diagnoses[0]).toMatchObject({
      id: 'api-unreachable',
      message: 'No plugin kubernetes in discovery',
    });
    expect(api.kubeConfig).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2000);
    expect(api.kubeConfig).toHaveBeenCalledTimes(2);
    watch.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(api.kubeConfig).toHaveBeenCalledTimes(2);
  });
});
