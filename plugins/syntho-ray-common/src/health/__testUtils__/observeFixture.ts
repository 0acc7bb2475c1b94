import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RayClusterObservation } from '../observations';

/** When the fixtures were observed. */
export const FIXTURE_NOW = new Date('2026-11-20T10:20:00Z');

/** What the watch sees of one of `__fixtures__`' snapshots (`kubectl get -o json` of each source). */
export function observeFixture(
  fixture: string,
  extra: Partial<RayClusterObservation> = {},
): RayClusterObservation {
  const snapshot = JSON.parse(
    readFileSync(join(__dirname, '..', '__fixtures__', fixture), 'utf8'),
  );
  return {
    kubernetesCluster: 'aks-prod',
    namespace: 'syntho',
    name: 'ray-cluster',
    now: FIXTURE_NOW,
    pods: snapshot.pods.items,
    services: snapshot.services.items,
    events: snapshot.events.items,
    operatorName: 'kuberay-operator',
    operator:
      snapshot.deployments.items.find(
        (d: any) => d.metadata.name === 'kuberay-operator',
      ) ?? null,
    rayCluster: snapshot.rayclusters.items[0],
    previousLogs: (snapshot.podLogs?.items ?? []).map((log: any) => ({
      pod: log.metadata.name,
      container: log.container,
      text: log.previous,
    })),
    ...extra,
  };
}
