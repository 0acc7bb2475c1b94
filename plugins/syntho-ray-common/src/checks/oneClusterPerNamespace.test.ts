import { checkOneClusterPerNamespace } from './oneClusterPerNamespace';
import { problemsOf } from './__testUtils__/checkContext';

const elsewhere = { targetCluster: 'aks-prod', namespace: 'synthesis' };

describe('checkOneClusterPerNamespace', () => {
  it('accepts a namespace that holds no other cluster, or this one', () => {
    expect(
      problemsOf(
        checkOneClusterPerNamespace,
        {},
        {
          existingClusters: [
            { ...elsewhere, name: 'other' },
            {
              targetCluster: 'aks-prod',
              namespace: 'syntho',
              name: 'ray-cluster',
            },
          ],
        },
      ),
    ).toEqual([]);
  });

  it('refuses a namespace another cluster holds', () => {
    expect(
      problemsOf(
        checkOneClusterPerNamespace,
        {},
        {
          existingClusters: [
            { targetCluster: 'aks-prod', namespace: 'syntho', name: 'other' },
          ],
        },
      ),
    ).toMatchObject([{ severity: 'error', path: 'namespace' }]);
  });
});
