import { parsePolicy } from './policy';
import { rayClusterRequestSchema } from './request';
import { resolveRequest } from './resolve';

const policy = parsePolicy({
  targets: [{ name: 'aks-prod', namespaces: ['syntho'] }],
  license: { secretName: 'license', secretKey: 'key' },
});

function resolve(request: Record<string, unknown>) {
  return resolveRequest(
    rayClusterRequestSchema.parse({
      name: 'ray-cluster',
      namespace: 'syntho',
      ...request,
    }),
    policy,
  );
}

describe('resolveRequest', () => {
  it('fills in what the request leaves to the policy', () => {
    expect(resolve({ preset: 'development' })).toMatchObject({
      targetCluster: 'aks-prod',
      openshift: false,
      pullSecret: 'syntho-cr-secret',
      license: { kind: 'secret', secretName: 'license', secretKey: 'key' },
      images: { ray: { tag: 'latest' }, operator: { tag: 'latest' } },
      path: 'clusters/aks-prod/syntho/ray-cluster',
    });
  });

  it('resolves a custom request without a head size, counting the head as zero', () => {
    const resolved = resolve({
      preset: 'custom',
      workerGroups: [{ name: 'workers', replicas: 2, cpu: '4', memory: '8G' }],
    });

    expect(resolved.head).toEqual({});
    expect(resolved.totals).toEqual({
      cpu: 8_000_000_000n,
      memory: 16_000_000_000_000_000_000n,
      gpu: 0,
      maxWorkers: 2,
    });
  });

  it("fills a group's replicas bounds from what it sets, and keeps where it came from", () => {
    expect(
      resolve({
        preset: 'custom',
        workerGroups: [{ name: 'a', replicas: 2, cpu: '1', memory: '1G' }],
        extraWorkerGroups: [
          { name: 'b', replicas: 1, maxReplicas: 4, cpu: '1', memory: '1G' },
        ],
      }).workerGroups,
    ).toMatchObject([
      {
        name: 'a',
        minReplicas: 2,
        maxReplicas: 2,
        sourcePath: 'workerGroups[0]',
      },
      {
        name: 'b',
        minReplicas: 1,
        maxReplicas: 4,
        sourcePath: 'extraWorkerGroups[0]',
      },
    ]);
  });
});
