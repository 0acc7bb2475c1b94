import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RayDashboardSummary } from './summary';
import type { ObservationError, RayClusterObservation } from './observations';
import { summarizeRayCluster } from './summarize';

const BEFORE = new Date('2026-11-20T10:18:00Z');
const NOW = new Date('2026-11-20T10:20:00Z');

const snapshot = JSON.parse(
  readFileSync(join(__dirname, '__fixtures__', 'healthy.json'), 'utf8'),
);

/** What the watch saw of the healthy fixture at `now`. */
function healthy(now: Date): RayClusterObservation {
  return {
    kubernetesCluster: 'aks-prod',
    namespace: 'syntho',
    name: 'ray-cluster',
    now,
    pods: snapshot.pods.items,
    services: snapshot.services.items,
    events: snapshot.events.items,
    operatorName: 'kuberay-operator',
    operator: snapshot.deployments.items[0] ?? null,
    rayCluster: snapshot.rayclusters.items[0],
  };
}

/** What an unreadable API leaves: every list empty, the sources' errors. */
function unreadable(errors: ObservationError[]): RayClusterObservation {
  return {
    ...healthy(NOW),
    pods: [],
    services: [],
    events: [],
    operator: undefined,
    rayCluster: undefined,
    errors,
  };
}

const dashboard: RayDashboardSummary = {
  reachable: true,
  rayVersion: '2.9.3',
  nodes: { alive: 2, dead: 0, list: [], omitted: 0 },
  readAt: BEFORE.toISOString(),
};

describe('summarizeRayCluster while the API cannot be read', () => {
  const lastComplete = summarizeRayCluster({ ...healthy(BEFORE), dashboard });

  it.each<{ what: string; errors: ObservationError[]; diagnosis: string }>([
    {
      what: 'API down',
      errors: [{ source: 'pods', message: 'connect ECONNREFUSED' }],
      diagnosis: 'api-unreachable',
    },
    {
      what: 'request timed out',
      errors: [{ source: 'events', message: 'timed out after 10000 ms' }],
      diagnosis: 'api-unreachable',
    },
    {
      what: '401',
      errors: [{ source: 'pods', status: 401, message: 'Unauthorized' }],
      diagnosis: 'api-forbidden',
    },
    {
      what: '403',
      errors: [{ source: 'services', status: 403, message: 'forbidden' }],
      diagnosis: 'api-forbidden',
    },
  ])(
    '$what: Unknown, with the last complete counts as last known and their time',
    ({ errors, diagnosis }) => {
      const summary = summarizeRayCluster({
        ...unreadable(errors),
        lastComplete,
      });
      expect(summary).toMatchObject({
        verdict: 'Unknown',
        observedAt: NOW.toISOString(),
        stale: { observedAt: BEFORE.toISOString() },
        head: { ready: 1, desired: 1 },
        groups: [{ name: 'workergroup', ready: 1, desired: 1 }],
        service: { exists: true },
        dashboard: { nodes: { alive: 2 } },
      });
      expect(summary.pods).toEqual(lastComplete.pods);
      expect(summary.diagnoses.map(d => d.id)).toEqual([diagnosis]);
    },
  );

  it.each<{ what: string; errors: ObservationError[] }>([
    {
      what: 'API down',
      errors: [{ source: 'pods', message: 'connect ECONNREFUSED' }],
    },
    {
      what: '403',
      errors: [{ source: 'pods', status: 403, message: 'forbidden' }],
    },
  ])(
    '$what before anything was read: Unknown, marked stale without a time, never NotFound',
    ({ errors }) => {
      const summary = summarizeRayCluster(unreadable(errors));
      expect(summary.verdict).toBe('Unknown');
      expect(summary.stale).toEqual({});
      expect(summary.diagnoses.map(d => d.id)).not.toContain(
        'raycluster-missing',
      );
    },
  );

  it('is current again, without a stale mark, once every source is read', () => {
    const summary = summarizeRayCluster({ ...healthy(NOW), lastComplete });
    expect(summary.verdict).toBe('Ready');
    expect(summary.stale).toBeUndefined();
    expect(summary.observedAt).toBe(NOW.toISOString());
  });

  it.each([
    ['Unreachable', 'connect ECONNREFUSED 10.0.0.1:443', undefined],
    ['403', 'pods is forbidden: User "system:anonymous"', 403],
  ])(
    'says the error once: the evidence (%s) does not repeat the message',
    (reason, message, status) => {
      const [diagnosis] = summarizeRayCluster(
        unreadable([{ source: 'pods', message, status }]),
      ).diagnoses;
      expect(diagnosis.message).toBe(message);
      expect(diagnosis.evidence).toEqual([
        { kind: 'Cluster', name: 'aks-prod', reason },
      ]);
    },
  );
});

describe("summarizeRayCluster and the dashboard reading's age", () => {
  it.each<{
    what: string;
    readAt?: string;
    podsChangedAt?: Date;
    stale: boolean;
  }>([
    { what: 'no pod change seen', readAt: BEFORE.toISOString(), stale: false },
    {
      what: 'read after the pods changed',
      readAt: NOW.toISOString(),
      podsChangedAt: BEFORE,
      stale: false,
    },
    {
      what: 'read before the pods changed',
      readAt: BEFORE.toISOString(),
      podsChangedAt: NOW,
      stale: true,
    },
    {
      what: 'read at an unknown time, pods changed',
      podsChangedAt: NOW,
      stale: true,
    },
    {
      what: 'read at an unparsable time, pods changed',
      readAt: 'yesterday\n{{ }}',
      podsChangedAt: NOW,
      stale: true,
    },
  ])('$what → stale: $stale', ({ readAt, podsChangedAt, stale }) => {
    const summary = summarizeRayCluster({
      ...healthy(NOW),
      dashboard: { ...dashboard, readAt },
      podsChangedAt,
    });
    expect(Boolean(summary.dashboard?.stale)).toBe(stale);
    expect(summary.dashboard?.nodes?.alive).toBe(2);
  });
});
