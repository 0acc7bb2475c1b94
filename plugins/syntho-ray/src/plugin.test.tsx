import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { synthoRayApiRef } from './api/SynthoRayApi';
import { SynthoRayClient } from './api/SynthoRayClient';
import {
  rayClusterEntityCard,
  rayClusterEntityContent,
  synthoRayApi,
  synthoRayPlugin,
} from './plugin';
import { isRayClusterEntity } from './status/isRayClusterEntity';

const annotated = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'x', annotations },
  spec: {},
});

const ray = annotated({
  'syntho.ai/ray-cluster': 'ray-cluster',
  'syntho.ai/ray-namespace': 'syntho',
  'syntho.ai/kubernetes-cluster': 'aks',
});

describe('isRayClusterEntity', () => {
  it('accepts an entity with all three syntho.ai annotations and nothing less', () => {
    expect(isRayClusterEntity(ray)).toBe(true);
    expect(
      isRayClusterEntity(
        annotated({
          'syntho.ai/ray-cluster': 'ray-cluster',
          'syntho.ai/ray-namespace': 'syntho',
        }),
      ),
    ).toBe(false);
    expect(isRayClusterEntity(annotated({}))).toBe(false);
  });
});

describe('entity extensions', () => {
  it('mounts the "Ray" tab at /ray, only for Ray clusters', () => {
    const tester = createExtensionTester(rayClusterEntityContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Ray');
    expect(tester.get(coreExtensionData.routePath)).toBe('/ray');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ray)).toBe(true);
    expect(filter(annotated({}))).toBe(false);
  });

  it('shows the card only for Ray clusters', () => {
    const tester = createExtensionTester(rayClusterEntityCard);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ray)).toBe(true);
    expect(filter(annotated({ 'backstage.io/kubernetes-id': 'x' }))).toBe(
      false,
    );
  });
});

describe('the API', () => {
  it('provides synthoRayApiRef as a SynthoRayClient over discovery and fetch', () => {
    const factory = createExtensionTester(synthoRayApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(synthoRayApiRef);
    expect(Object.values(factory.deps)).toEqual([discoveryApiRef, fetchApiRef]);
    expect(
      factory.factory({
        discoveryApi: mockApis.discovery(),
        fetchApi: { fetch: jest.fn() },
      }),
    ).toBeInstanceOf(SynthoRayClient);
    expect(synthoRayPlugin.getExtension('api:syntho-ray')).toMatchObject({
      kind: 'api',
      namespace: 'syntho-ray',
    });
  });
});
