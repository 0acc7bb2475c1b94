import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { observedHeadServiceName } from './headService';
import { summarizeRayCluster } from './summarize';

const rayCluster = (serviceName: unknown) => ({
  metadata: { name: 'ray-cluster', namespace: 'syntho' },
  status: { head: { serviceName } },
});

describe('observedHeadServiceName', () => {
  it('takes the name KubeRay reports', () => {
    expect(
      observedHeadServiceName(
        'ray-cluster',
        rayCluster('ray-cluster-head') as any,
      ),
    ).toBe('ray-cluster-head');
  });

  it.each([
    undefined,
    null,
    42,
    {},
    [],
    '',
    '../secrets',
    'x/../../pods',
    'ray-cluster-head-svc:8443',
    'a\nb',
    'a: {}',
    '"quoted"',
    '{{ .Values }}',
    '#x',
    'a\u2028b',
    'Ray-Head',
    'a'.repeat(64),
  ])('falls back to the derived name for %j', reported => {
    expect(
      observedHeadServiceName('ray-cluster', rayCluster(reported) as any),
    ).toBe('ray-cluster-head-svc');
  });

  it('derives the name without a RayCluster', () => {
    expect(observedHeadServiceName('ray-cluster')).toBe('ray-cluster-head-svc');
  });
});

describe('summarizeRayCluster and the head Service KubeRay reports', () => {
  it('finds the head Service by the name in status.head.serviceName', () => {
    const snapshot = JSON.parse(
      readFileSync(join(__dirname, '__fixtures__', 'healthy.json'), 'utf8'),
    );
    const fixtureRayCluster = snapshot.rayclusters.items[0];
    const services = snapshot.services.items.map((service: any) =>
      service.metadata.name === 'ray-cluster-head-svc'
        ? { ...service, metadata: { ...service.metadata, name: 'custom-head' } }
        : service,
    );
    const summary = summarizeRayCluster({
      kubernetesCluster: 'aks-prod',
      namespace: 'syntho',
      name: 'ray-cluster',
      now: new Date('2026-11-20T10:20:00Z'),
      pods: snapshot.pods.items,
      services,
      events: snapshot.events.items,
      operatorName: 'kuberay-operator',
      operator: snapshot.deployments.items[0] ?? null,
      rayCluster: {
        ...fixtureRayCluster,
        status: {
          ...fixtureRayCluster.status,
          head: { serviceName: 'custom-head' },
        },
      },
    });

    expect(summary.service).toMatchObject({
      name: 'custom-head',
      exists: true,
      rayAddress: 'custom-head.syntho.svc.cluster.local',
    });
  });
});
