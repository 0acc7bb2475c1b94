import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { createListClustersAction } from './listClusters';
import { renderInputJsonSchema } from './renderInput';

const rayCluster = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations },
  spec: { type: 'ray-cluster', owner: 'group:default/data-science' },
});

describe('syntho:rayCluster:listClusters', () => {
  it('lists the clusters of the catalog by their annotations', async () => {
    const catalog = catalogServiceMock({
      entities: [
        rayCluster('a', {
          'syntho.ai/ray-cluster': 'ray-cluster',
          'syntho.ai/ray-namespace': 'syntho',
          'syntho.ai/kubernetes-cluster': 'aks',
        }),
        rayCluster('unannotated', {}),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'db' },
          spec: { type: 'database' },
        },
      ],
    });
    const ctx = createMockActionContext({ input: {} });

    await createListClustersAction({ catalog }).handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('clusters', [
      { targetCluster: 'aks', namespace: 'syntho', name: 'ray-cluster' },
    ]);
  });

  it('runs its documented example', async () => {
    const action = createListClustersAction({
      catalog: catalogServiceMock({ entities: [] }),
    });
    const [step] = parse(action.examples![0].example).steps;
    const ctx = createMockActionContext({ input: step.input ?? {} });

    await action.handler(ctx);

    expect(step.action).toBe(action.id);
    expect(ctx.output).toHaveBeenCalledWith('clusters', []);
  });

  it('describes each cluster with the schema render reads existingClusters with', () => {
    const action = createListClustersAction({
      catalog: catalogServiceMock({ entities: [] }),
    });
    const output = action.schema?.output as any;
    const input = renderInputJsonSchema as any;

    expect(output.properties.clusters.items).toEqual(
      input.properties.existingClusters.items,
    );
    expect(output.properties.clusters.items.additionalProperties).toBe(false);
  });
});
