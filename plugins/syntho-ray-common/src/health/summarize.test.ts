import { DiagnosisId, RayClusterVerdict } from './summary';
import type { RayClusterObservation } from './observations';
import { summarizeRayCluster } from './summarize';
import {
  FIXTURE_NOW as NOW,
  observeFixture as observe,
} from './__testUtils__/observeFixture';

describe('summarizeRayCluster, one row per failure mode', () => {
  it.each<{
    fixture: string;
    extra?: Partial<RayClusterObservation>;
    verdict: RayClusterVerdict;
    diagnosis: DiagnosisId;
    evidence: string;
    fix: RegExp;
  }>([
    {
      fixture: 'image-pull-secret-missing.json',
      verdict: 'Failed',
      diagnosis: 'image-pull',
      evidence: 'ray-cluster-head-x7k2p',
      fix: /pull secret "syntho-cr-secret" exists in namespace syntho/,
    },
    {
      fixture: 'pvc-pending.json',
      verdict: 'Failed',
      diagnosis: 'pvc-pending',
      evidence: 'ray-cluster-shared',
      fix: /ReadWriteMany storage class/,
    },
    {
      fixture: 'head-oom-killed.json',
      verdict: 'Failed',
      diagnosis: 'head-oom-killed',
      evidence: 'ray-cluster-head-x7k2p',
      fix: /at least 2G/,
    },
    {
      fixture: 'unschedulable-workers.json',
      verdict: 'Degraded',
      diagnosis: 'unschedulable',
      evidence: 'ray-cluster-workergroup-worker-q9m4z',
      fix: /^No node has enough free cpu and memory: lower the group's requests/,
    },
    {
      fixture: 'workers-waiting-for-head.json',
      verdict: 'Progressing',
      diagnosis: 'workers-waiting-for-head',
      evidence: 'ray-cluster-workergroup-worker-q9m4z',
      fix: /Fix the head first/,
    },
    {
      fixture: 'operator-not-running.json',
      verdict: 'Degraded',
      diagnosis: 'operator-not-running',
      evidence: 'kuberay-operator',
      fix: /describe deployment kuberay-operator/,
    },
    {
      fixture: 'raycluster-missing.json',
      verdict: 'NotFound',
      diagnosis: 'raycluster-missing',
      evidence: 'ray-cluster',
      fix: /Merge the cluster's pull request/,
    },
    {
      fixture: 'raycluster-missing.json',
      extra: { rayClusterCrdMissing: true },
      verdict: 'NotFound',
      diagnosis: 'crds-missing',
      evidence: 'rayclusters.ray.io',
      fix: /ray-cluster-crds, with Replace=true/,
    },
    {
      fixture: 'pids-exhausted-openshift.json',
      extra: { openshift: true },
      verdict: 'Degraded',
      diagnosis: 'pids-exhausted',
      evidence: 'ray-cluster-workergroup-worker-q9m4z',
      fix: /CRI-O.*pidsLimit: 8096/,
    },
    {
      fixture: 'node-lost.json',
      verdict: 'Degraded',
      diagnosis: 'node-lost',
      evidence: 'ray-cluster-workergroup-worker-q9m4z',
      fix: /kubectl describe node aks-pool-1/,
    },
    {
      fixture: 'crash-loop.json',
      verdict: 'Failed',
      diagnosis: 'crash-loop',
      evidence: 'ray-cluster-head-x7k2p',
      fix: /logs ray-cluster-head-x7k2p --previous/,
    },
    {
      fixture: 'healthy.json',
      extra: {
        errors: [{ source: 'pods', status: 403, message: 'pods is forbidden' }],
      },
      verdict: 'Unknown',
      diagnosis: 'api-forbidden',
      evidence: 'aks-prod',
      fix: /get, list and watch on pods/,
    },
    {
      fixture: 'healthy.json',
      extra: {
        errors: [
          { source: 'pods', message: 'connect ECONNREFUSED 10.0.0.1:443' },
        ],
      },
      verdict: 'Unknown',
      diagnosis: 'api-unreachable',
      evidence: 'aks-prod',
      fix: /recovers by itself/,
    },
  ])(
    '$fixture $extra → $verdict $diagnosis',
    ({ fixture, extra, verdict, diagnosis, evidence, fix }) => {
      const summary = summarizeRayCluster(observe(fixture, extra));

      expect(summary.verdict).toBe(verdict);
      expect(summary.reason).not.toBe('');
      expect(summary.diagnoses[0].id).toBe(diagnosis);
      expect(summary.diagnoses[0].evidence.map(e => e.name)).toContain(
        evidence,
      );
      expect(summary.diagnoses[0].fix).toMatch(fix);
    },
  );
});

describe('summarizeRayCluster', () => {
  it.each(['healthy.json', 'healthy-v1alpha1.json'])(
    'finds %s Ready with nothing to fix',
    fixture => {
      const summary = summarizeRayCluster(observe(fixture));
      expect(summary).toMatchObject({
        verdict: 'Ready',
        reason: 'Head and 1 worker ready.',
        diagnoses: [],
      });
    },
  );

  it('finds a head-only cluster (the development preset) Ready without workers', () => {
    const observation = observe('healthy.json');
    const headOnly = summarizeRayCluster({
      ...observation,
      pods: observation.pods.filter(
        pod => pod.metadata.labels?.['ray.io/node-type'] === 'head',
      ),
      rayCluster: {
        ...observation.rayCluster!,
        spec: { ...observation.rayCluster!.spec, workerGroupSpecs: [] },
      },
    });
    expect(headOnly).toMatchObject({
      verdict: 'Ready',
      reason: 'Head ready; the cluster has no workers.',
      groups: [],
    });
  });

  it.each([
    [
      'image-pull-secret-missing.json',
      '2 pods of head and workergroup cannot pull their image: the registry refused the credentials.',
    ],
    ['unschedulable-workers.json', '1 pod of workergroup fits on no node.'],
  ])('words the counts of %s in the right number', (fixture, message) => {
    expect(summarizeRayCluster(observe(fixture)).diagnoses[0].message).toBe(
      message,
    );
  });

  it('counts the head and each group against the RayCluster spec', () => {
    const summary = summarizeRayCluster(observe('unschedulable-workers.json'));

    expect(summary.head).toMatchObject({ desired: 1, ready: 1, pending: 0 });
    expect(summary.groups).toEqual([
      {
        name: 'workergroup',
        desired: 1,
        ready: 0,
        pending: 1,
        failed: 0,
        minReplicas: 1,
        maxReplicas: 1,
        omittedPods: 0,
      },
    ]);
    expect(summary.service).toEqual({
      name: 'ray-cluster-head-svc',
      exists: true,
      clusterIP: '10.0.112.45',
      ports: [
        { name: 'client', port: 10001 },
        { name: 'dashboard', port: 8265 },
        { name: 'gcs-server', port: 6379 },
        { name: 'metrics', port: 8080 },
      ],
      rayAddress: 'ray-cluster-head-svc.syntho.svc.cluster.local',
    });
  });

  it.each([
    ['crash-loop.json', 'crash-loop'],
    ['image-pull-secret-missing.json', 'image-pull'],
    ['operator-not-running.json', 'operator-not-running'],
  ])(
    'quotes the names in the kubectl command of %s for a POSIX shell',
    (fixture, id) => {
      const namespace = "team a'; touch /tmp/pwned #";
      const summary = summarizeRayCluster(
        observe(fixture, { namespace, now: NOW }),
      );
      const fix = summary.diagnoses.find(d => d.id === id)!.fix;
      expect(fix).toContain("kubectl -n 'team a'\\''; touch /tmp/pwned #' ");
    },
  );

  it('does not trust RayCluster.status.state: "ready" with a crash-looping head is Failed', () => {
    const observation = observe('head-oom-killed.json');
    expect(observation.rayCluster?.status?.state).toBe('ready');

    const summary = summarizeRayCluster(observation);

    expect(summary.verdict).toBe('Failed');
    expect(summary.rayCluster?.reportedState).toBe('ready');
    expect(summary.diagnoses.map(d => d.id)).not.toContain('crash-loop');
  });

  it('says the OOMKilled head is below the 2G minimum, with the limit it had', () => {
    const [diagnosis] = summarizeRayCluster(
      observe('head-oom-killed.json'),
    ).diagnoses;
    expect(diagnosis.message).toMatch(/1G limit, below the 2G minimum/);
  });

  it('tells a registry that refuses credentials from a missing tag', () => {
    const refused = summarizeRayCluster(
      observe('image-pull-secret-missing.json'),
    );
    expect(refused.diagnoses[0].message).toMatch(/refused the credentials/);

    const observation = observe('image-pull-secret-missing.json');
    observation.events = observation.events.map(e => ({
      ...e,
      message: (e.message ?? '').replace(
        /failed to resolve.*/,
        'not found: manifest unknown',
      ),
    }));
    expect(summarizeRayCluster(observation).diagnoses[0].fix).toMatch(
      /tag does not exist/,
    );
  });

  it('finds pids exhaustion in the previous log, since the kubelet leaves the termination message empty, and quotes only the phrase', () => {
    const observation = observe('pids-exhausted-openshift.json');
    const worker = observation.pods[1].status!.containerStatuses![0];
    expect(worker.lastState!.terminated!.message).toBeUndefined();

    const [diagnosis] = summarizeRayCluster(observation).diagnoses;
    expect(diagnosis.id).toBe('pids-exhausted');
    expect(diagnosis.evidence).toEqual([
      {
        kind: 'Pod',
        name: 'ray-cluster-workergroup-worker-q9m4z',
        reason: 'Error',
        message:
          'previous log of ray-worker: "fork: retry: Resource temporarily unavailable"',
      },
    ]);
    expect(JSON.stringify(summarizeRayCluster(observation))).not.toMatch(
      /Traceback|threading\.py|10\.244\.2\.7/,
    );

    const withoutLog = summarizeRayCluster({
      ...observation,
      previousLogs: [],
    });
    expect(withoutLog.diagnoses.map(d => d.id)).toEqual(['crash-loop']);
  });

  it('does not take an unrelated EAGAIN in a log for pids exhaustion', () => {
    const observation = observe('pids-exhausted-openshift.json', {
      previousLogs: [
        {
          pod: 'ray-cluster-workergroup-worker-q9m4z',
          container: 'ray-worker',
          text: 'BlockingIOError: [Errno 11] Resource temporarily unavailable',
        },
      ],
    });
    expect(summarizeRayCluster(observation).diagnoses[0].id).toBe('crash-loop');
  });

  it('gives the generic runtime fix outside OpenShift', () => {
    const [diagnosis] = summarizeRayCluster(
      observe('pids-exhausted-openshift.json'),
    ).diagnoses;
    expect(diagnosis.fix).toMatch(/container runtime's pids limit/);
    expect(diagnosis.fix).not.toMatch(/CRI-O/);
  });

  it('blames the network when the head is ready and workers wait past the grace period', () => {
    const observation = observe('workers-waiting-for-head.json');
    const healthyHead = observe('healthy.json').pods[0];
    observation.pods = [healthyHead, observation.pods[1]];

    const soon = summarizeRayCluster({
      ...observation,
      now: new Date('2026-11-20T10:01:00Z'),
    });
    const late = summarizeRayCluster(observation);

    expect(soon.verdict).toBe('Progressing');
    expect(soon.diagnoses).toEqual([]);
    expect(late.verdict).toBe('Degraded');
    expect(late.diagnoses[0].fix).toMatch(/NetworkPolicy/);
  });

  it('says the head Service is missing when workers wait for it', () => {
    const observation = observe('workers-waiting-for-head.json');
    observation.services = [];
    const [diagnosis] = summarizeRayCluster(observation).diagnoses;
    expect(diagnosis).toMatchObject({
      id: 'workers-waiting-for-head',
      severity: 'error',
    });
    expect(diagnosis.message).toMatch(
      /ray-cluster-head-svc, which does not exist/,
    );
  });

  it('shows a dashboard reading only while the head Service it came through exists', () => {
    const dashboard = { reachable: true, rayVersion: '2.9.3' };
    const observation = observe('healthy.json', { dashboard });
    expect(summarizeRayCluster(observation).dashboard).toEqual(dashboard);

    observation.services = [];
    expect(summarizeRayCluster(observation).dashboard).toBeUndefined();
  });

  it('reports a missing operator Deployment', () => {
    const summary = summarizeRayCluster({
      ...observe('healthy.json'),
      operator: null,
    });
    expect(summary.verdict).toBe('Degraded');
    expect(summary.diagnoses[0].message).toMatch(
      /no Deployment kuberay-operator/,
    );
  });

  it('keeps pod rows compact and problem pods first, counting the rest', () => {
    const observation = observe('unschedulable-workers.json');
    const template = observe('healthy.json').pods[1];
    const ready = Array.from({ length: 60 }, (_, i) => ({
      ...template,
      metadata: {
        ...template.metadata,
        name: `ray-cluster-workergroup-worker-r${i}`,
      },
    }));
    observation.pods = [...observation.pods, ...ready];
    observation.rayCluster!.spec!.workerGroupSpecs![0].replicas = 61;

    const summary = summarizeRayCluster({
      ...observation,
      maxPodsPerGroup: 10,
    });

    const workers = summary.pods.filter(p => p.group === 'workergroup');
    expect(workers).toHaveLength(10);
    expect(workers[0]).toMatchObject({
      name: 'ray-cluster-workergroup-worker-q9m4z',
      status: 'Unschedulable',
      ready: false,
    });
    expect(summary.groups[0]).toMatchObject({
      desired: 61,
      ready: 60,
      pending: 1,
      omittedPods: 51,
    });
    expect(summary.verdict).toBe('Degraded');
  });

  it('carries no environment values, secret references or pod specs', () => {
    const text = JSON.stringify(summarizeRayCluster(observe('healthy.json')));
    expect(text).not.toMatch(
      /LICENSE_KEY_SIGNED|syntho-license|secretKeyRef|RAY_SCHEDULER|containers|imagePullSecrets/,
    );
  });

  it("counts and dates the scheduler's events, which come in the events.k8s.io/v1 shape", () => {
    const { warningEvents } = summarizeRayCluster(
      observe('unschedulable-workers.json'),
    );
    expect(warningEvents[0]).toEqual({
      kind: 'Pod',
      name: 'ray-cluster-workergroup-worker-q9m4z',
      reason: 'FailedScheduling',
      message: expect.stringMatching(/^0\/3 nodes are available/),
      count: 14,
      lastSeen: '2026-11-20T10:06:41.518260Z',
    });
  });

  it('lists recent warning events about the cluster, newest first', () => {
    const observation = observe('image-pull-secret-missing.json');
    observation.events.push({
      metadata: { name: 'other.1', namespace: 'syntho' },
      involvedObject: { kind: 'Pod', name: 'someone-else' },
      type: 'Warning',
      reason: 'Failed',
      message: 'not ours',
    });
    const { warningEvents } = summarizeRayCluster(observation);
    expect(warningEvents.map(e => e.message)).not.toContain('not ours');
    expect(warningEvents[0]).toMatchObject({
      kind: 'Pod',
      reason: 'Failed',
      message: 'Error: ImagePullBackOff',
      count: 12,
    });
  });
});
