// The template whose render step the form's request must match, as the scaffolder reads it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import template from '../../../../templates/syntho-ray-cluster/template.yaml';
import { requestForStep, requestFromForm } from './requestFromForm';

const render = (template as any).spec.steps.find(
  (step: { id: string }) => step.id === 'render',
);

/** A form with every answer the template asks for. */
const answers = {
  name: 'ray-cluster',
  owner: 'group:default/data-science',
  targetCluster: 'aks',
  namespace: 'syntho',
  description: 'Synthesis jobs',
  size: {
    preset: 'custom',
    head: { cpu: '16', memory: '64G' },
    extraWorkerGroups: [
      {
        name: 'small',
        replicas: 2,
        minReplicas: 1,
        maxReplicas: 4,
        cpu: '4',
        memory: '8G',
      },
    ],
  },
  rayTag: '2.9.3',
  operatorTag: '1.4.0',
  storageClass: 'azurefile',
  volumes: [
    {
      name: 'data',
      mountPath: '/mnt/data',
      persistentVolumeClaim: 'data-pvc',
      readOnly: true,
    },
  ],
  openshift: false,
};

/** `${{ parameters.a.b }}` read from `answers`; any other input is not an answer. */
function answerOf(input: unknown): unknown {
  const path = /^\$\{\{ parameters\.([\w.]+) \}\}$/.exec(String(input))?.[1];
  return path?.split('.').reduce<any>((value, key) => value?.[key], answers);
}

/** The render step's inputs taken from the answers, as the scaffolder renders them. */
function renderedInputs(inputs: Record<string, unknown>) {
  const rendered: Record<string, unknown> = {};
  for (const [key, input] of Object.entries(inputs)) {
    const value =
      typeof input === 'object' && input !== null
        ? renderedInputs(input as Record<string, unknown>)
        : answerOf(input);
    if (value !== undefined) rendered[key] = value;
  }
  return rendered;
}

describe('requestFromForm', () => {
  it("is the request the template's render step makes of the same answers", () => {
    const inputs = renderedInputs(render.input);
    // The one input that is not an answer: the clusters an earlier step lists.
    expect(Object.keys(render.input)).toContain('existingClusters');
    expect(requestFromForm(answers)).toEqual(inputs);
  });

  it('leaves out empty answers, and keeps an empty field of a row so that it is named', () => {
    expect(
      requestFromForm({
        name: '',
        rayTag: '',
        size: {
          preset: 'custom',
          head: { cpu: '' },
          extraWorkerGroups: [{ cpu: '4' }],
        },
        volumes: [{ mountPath: '/mnt/data' }],
      }),
    ).toEqual({
      preset: 'custom',
      extraWorkerGroups: [{ name: '', replicas: 1, cpu: '4', memory: '' }],
      volumes: [
        { name: '', mountPath: '/mnt/data', persistentVolumeClaim: '' },
      ],
    });
  });

  it("gives a step's checks its own answers, and a stand-in for a missing name", () => {
    expect(requestForStep({ ...answers, name: '' }, ['volumes'])).toEqual({
      name: 'ray-cluster',
      namespace: 'syntho',
      targetCluster: 'aks',
      preset: 'custom',
      volumes: answers.volumes,
    });
  });
});
