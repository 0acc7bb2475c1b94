import { observeFixture } from '../__testUtils__/observeFixture';
import {
  apiForbidden,
  apiUnreachable,
  crdsMissing,
  rayClusterMissing,
} from './decisive';

const NONE = new Set<string>();
const deployed = observeFixture('healthy.json');

describe('rules that decide the verdict', () => {
  it.each([apiForbidden, apiUnreachable, crdsMissing, rayClusterMissing])(
    '$id finds nothing in a readable, deployed cluster',
    rule => {
      expect(rule.diagnose(deployed, NONE)).toEqual([]);
    },
  );

  it('blames credentials the API refuses, naming the source', () => {
    const o = observeFixture('healthy.json', {
      errors: [
        { source: 'pods', message: 'connect ETIMEDOUT' },
        { source: 'events', status: 403, message: 'events is forbidden' },
      ],
    });
    expect(apiForbidden.diagnose(o, NONE)).toMatchObject([
      {
        id: 'api-forbidden',
        message: 'events is forbidden',
        evidence: [{ kind: 'Cluster', name: 'aks-prod', reason: '403' }],
      },
    ]);
    expect(apiForbidden.decidesVerdict!(o)).toEqual({
      verdict: 'Unknown',
      reason: 'Backstage may not read events in syntho on aks-prod (403).',
    });
  });

  it("reports the pods' error first when several sources cannot be read", () => {
    const o = observeFixture('healthy.json', {
      errors: [
        { source: 'events', status: 500, message: 'etcd timeout' },
        { source: 'pods', message: 'connect ECONNREFUSED' },
      ],
    });
    expect(apiUnreachable.diagnose(o, NONE)).toMatchObject([
      {
        message: 'connect ECONNREFUSED',
        evidence: [{ reason: 'Unreachable' }],
      },
    ]);
    expect(apiUnreachable.decidesVerdict!(o)).toEqual({
      verdict: 'Unknown',
      reason: 'The Kubernetes API of aks-prod does not answer.',
    });
  });

  it('finds no CRDs before it looks for the RayCluster', () => {
    const o = observeFixture('raycluster-missing.json', {
      rayClusterCrdMissing: true,
    });
    expect(crdsMissing.diagnose(o, NONE)[0].fix).toMatch(
      /ray-cluster-crds, with Replace=true/,
    );
    expect(crdsMissing.decidesVerdict!(o).verdict).toBe('NotFound');
  });

  it('finds no RayCluster only while it has no pods either', () => {
    const missing = observeFixture('raycluster-missing.json');
    expect(rayClusterMissing.diagnose(missing, NONE)[0]).toMatchObject({
      severity: 'warning',
      evidence: [{ kind: 'RayCluster', name: 'ray-cluster' }],
    });
    expect(rayClusterMissing.decidesVerdict!(missing)).toEqual({
      verdict: 'NotFound',
      reason: 'No RayCluster ray-cluster in syntho on aks-prod yet.',
    });
    expect(
      rayClusterMissing.diagnose({ ...deployed, rayCluster: undefined }, NONE),
    ).toEqual([]);
  });
});
