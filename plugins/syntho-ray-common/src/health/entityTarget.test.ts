import { parsePolicy } from '../policy';
import { checkRayClusterTarget } from './entityTarget';

const targets = parsePolicy({
  targets: [
    { name: 'aks', namespaces: ['syntho', 'synthesis'] },
    { name: 'other-aks', namespaces: ['team-a'] },
    { name: 'no-namespaces' },
    { name: 'empty-namespaces', namespaces: [] },
  ],
}).targets;

function annotations(values: {
  cluster?: string;
  namespace?: string;
  name?: string;
}) {
  return {
    'syntho.ai/kubernetes-cluster': values.cluster ?? 'aks',
    'syntho.ai/ray-namespace': values.namespace ?? 'syntho',
    'syntho.ai/ray-cluster': values.name ?? 'ray-cluster',
  };
}

const HOSTILE = [
  '..',
  '.',
  'kube-system/pods#',
  'syntho/../kube-system',
  '%2F',
  'syntho%2F..%2Fkube-system',
  'syntho\n',
  'syntho\nkube-system',
  'syntho: {}',
  '[]',
  '{}',
  "syntho'",
  '"syntho"',
  '{{ .Values }}',
  'syntho#x',
  'syntho\u2028',
  'syntho?watch=true',
  'syntho,metadata.name!=x',
  'Syntho',
  '-syntho',
  ' syntho',
  '',
  'a'.repeat(64),
];

describe('checkRayClusterTarget', () => {
  it.each([
    ['aks', 'syntho', 'ray-cluster'],
    ['aks', 'synthesis', 'r'],
    ['other-aks', 'team-a', 'a'.repeat(53)],
  ])('watches %s/%s/%s', (cluster, namespace, name) => {
    expect(
      checkRayClusterTarget(annotations({ cluster, namespace, name }), targets),
    ).toEqual({ cluster: { kubernetesCluster: cluster, namespace, name } });
  });

  it.each(HOSTILE)(
    'refuses the namespace %j as malformed, naming the annotation and not the allowed namespaces',
    namespace => {
      const { refusal } = checkRayClusterTarget(
        annotations({ namespace }),
        targets,
      );
      expect(refusal?.reason).toBe('malformed');
      expect(refusal?.diagnoses).toHaveLength(1);
      expect(refusal?.diagnoses[0]).toMatchObject({
        id: 'entity-misconfigured',
        evidence: [{ kind: 'Annotation', name: 'syntho.ai/ray-namespace' }],
        fix: 'Set syntho.ai/ray-namespace to the namespace the Ray cluster runs in.',
      });
      expect(JSON.stringify(refusal)).not.toContain('synthesis');
    },
  );

  it.each(HOSTILE)('refuses the Ray cluster name %j as malformed', name => {
    const { refusal } = checkRayClusterTarget(annotations({ name }), targets);
    expect(refusal?.reason).toBe('malformed');
    expect(refusal?.diagnoses.map(d => d.evidence[0].name)).toEqual([
      'syntho.ai/ray-cluster',
    ]);
  });

  it('refuses a Ray cluster name longer than its Helm release may be', () => {
    const { refusal } = checkRayClusterTarget(
      annotations({ name: 'a'.repeat(54) }),
      targets,
    );
    expect(refusal?.diagnoses[0].message).toContain('the most is 53');
  });

  it.each([...HOSTILE, 'local', 'AKS', 'aks '])(
    'refuses the Kubernetes cluster %j, which is not a target of the policy',
    cluster => {
      const { refusal } = checkRayClusterTarget(
        annotations({ cluster }),
        targets,
      );
      expect(refusal).toEqual({
        reason: 'not-allowed',
        diagnoses: [
          expect.objectContaining({
            id: 'target-not-allowed',
            fix: expect.stringMatching(
              /^Set syntho\.ai\/kubernetes-cluster to the Kubernetes cluster your platform team gave you/,
            ),
          }),
        ],
      });
      // The viewer may not be one who may know the policy's other clusters.
      expect(JSON.stringify(refusal)).not.toMatch(/other-aks|no-namespaces/);
    },
  );

  it('refuses a well-formed namespace the target does not allow', () => {
    const { refusal } = checkRayClusterTarget(
      annotations({ namespace: 'kube-system' }),
      targets,
    );
    expect(refusal).toEqual({
      reason: 'not-allowed',
      diagnoses: [
        expect.objectContaining({
          id: 'target-not-allowed',
          title:
            "The policy does not allow the entity's syntho.ai/ray-namespace",
          message: expect.stringContaining(
            'is not one of the namespaces the platform policy allows on aks',
          ),
        }),
      ],
    });
  });

  it.each(['no-namespaces', 'empty-namespaces'])(
    'refuses every namespace on a target whose namespaces are %s, naming the config key',
    cluster => {
      for (const namespace of ['syntho', 'default', 'kube-system']) {
        const { refusal } = checkRayClusterTarget(
          annotations({ cluster, namespace }),
          targets,
        );
        expect(refusal).toEqual({
          reason: 'not-allowed',
          diagnoses: [
            expect.objectContaining({
              id: 'target-not-allowed',
              evidence: [
                expect.objectContaining({ name: 'syntho.ai/ray-namespace' }),
              ],
              fix: expect.stringContaining('synthoRay.targets[].namespaces'),
            }),
          ],
        });
      }
    },
  );

  it('does not list the allowed namespaces to whoever registered the entity', () => {
    const { refusal } = checkRayClusterTarget(
      annotations({ namespace: 'kube-system' }),
      targets,
    );
    expect(JSON.stringify(refusal)).not.toMatch(/"syntho"|synthesis/);
  });

  it('names every wrong annotation at once', () => {
    const { refusal } = checkRayClusterTarget(
      annotations({ cluster: 'other', namespace: '..', name: '1x' }),
      targets,
    );
    expect(refusal?.diagnoses.map(d => [d.id, d.evidence[0].name])).toEqual([
      ['entity-misconfigured', 'syntho.ai/ray-namespace'],
      ['entity-misconfigured', 'syntho.ai/ray-cluster'],
      ['target-not-allowed', 'syntho.ai/kubernetes-cluster'],
    ]);
  });

  it('refuses a 1 MB annotation by its length alone, without quoting it', () => {
    const huge = `syntho${'x'.repeat(1024 * 1024)}`;
    for (const key of ['cluster', 'namespace', 'name'] as const) {
      const started = performance.now();
      const { refusal } = checkRayClusterTarget(
        annotations({ [key]: huge }),
        targets,
      );
      expect(performance.now() - started).toBeLessThan(50);
      expect(refusal?.reason).toBe('malformed');
      expect(refusal?.diagnoses).toHaveLength(1);
      expect(refusal?.diagnoses[0].message).toContain(
        `(${huge.length} characters) is ${huge.length} characters long; the most is 253`,
      );
      expect(JSON.stringify(refusal).length).toBeLessThan(2000);
    }
  });

  it('quotes a refused value escaped and cut short', () => {
    const { refusal } = checkRayClusterTarget(
      annotations({ namespace: `a\nb${'c'.repeat(200)}` }),
      targets,
    );
    expect(refusal?.diagnoses[0].message).toContain(
      `("a\\nb${'c'.repeat(61)}"…)`,
    );
  });
});
