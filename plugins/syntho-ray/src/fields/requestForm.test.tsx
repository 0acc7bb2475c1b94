import { TextField } from '@material-ui/core';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  checkDns1035Label,
  checkDns1123Label,
  checkImageTag,
  parsePolicy,
  validateRequest,
} from '@syntho-ray/plugin-syntho-ray-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
// The template this plugin's fields serve, as the scaffolder reads it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import template from '../../../../templates/syntho-ray-cluster/template.yaml';
import { rayClusterSizeValidation, volumesValidation } from './formField';
import { PolicyPickerField } from './PolicyPickerField';
import { RayClusterSizeField } from './RayClusterSizeField';
import { requestFromForm } from './requestFromForm';
import { REVIEW_BOUNDS } from './requestReview';
import { RequestReviewField } from './RequestReviewField';
import { VolumesField } from './VolumesField';

const REGEX = /\^|\$|\[a-z|\[A-Za-z|\\d|\(\?/;

const { parameters } = (template as any).spec as {
  parameters: Array<Record<string, any>>;
};

/** The scaffolder's own pickers need the catalog; a text field stands in for each here. */
const TextStandIn = (props: any) => (
  <TextField
    id={props.idSchema?.$id}
    label={props.schema.title}
    value={props.formData ?? ''}
    onChange={e => props.onChange(e.target.value || undefined)}
  />
);

const extensions = [
  { name: 'EntityNamePicker', component: TextStandIn },
  { name: 'OwnerPicker', component: TextStandIn },
  {
    name: 'SynthoRayClusterSize',
    component: RayClusterSizeField,
    validation: rayClusterSizeValidation,
  },
  { name: 'SynthoRayPolicyPicker', component: PolicyPickerField },
  {
    name: 'SynthoRayVolumes',
    component: VolumesField,
    validation: volumesValidation,
  },
  { name: 'SynthoRayRequestReview', component: RequestReviewField },
];

/** Display names as the catalog gives them; the long one is beyond what Review keeps. */
const DISPLAY_NAMES: Record<string, string> = {
  'group:default/data-science': 'Data Science',
  [`group:default/${'g'.repeat(63)}`]: 'Long name '.repeat(200),
};

const presentation = {
  forEntity: jest.fn((entityRef: string) => {
    const snapshot = {
      entityRef,
      primaryTitle: DISPLAY_NAMES[entityRef] ?? entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  }),
};

// The stepper scrolls to the top of each step; jsdom has no scrolling.
beforeAll(() => {
  window.scrollTo = jest.fn();
});

async function renderForm(
  options: {
    initialState?: Record<string, any>;
    fields?: typeof extensions;
    config?: Record<string, any>;
  } = {},
) {
  const onCreate = jest.fn();
  await renderInTestApp(
    <Stepper
      manifest={{
        title: 'Syntho Ray cluster',
        steps: parameters.map(schema => ({ title: schema.title, schema })),
      }}
      extensions={options.fields ?? extensions}
      initialState={options.initialState}
      onCreate={onCreate}
    />,
    {
      apis: [[entityPresentationApiRef, presentation as any]],
      config: options.config,
    },
  );
  return onCreate;
}

/** Each Next runs the step's validators first; the machines that run the tests are slow. */
const SLOW = { timeout: 15_000 };

const next = (name = 'Next') =>
  fireEvent.click(screen.getByRole('button', { name }));

describe('the syntho-ray-cluster template in the scaffolder form', () => {
  it('says the rules of its patterns in the words of the shared grammar', () => {
    const [cluster, , images] = parameters;
    expect(cluster.properties.name.errorMessage.pattern).toBe(
      `${checkDns1123Label('Ray')}, and ${checkDns1035Label('1a')}`,
    );
    expect(cluster.properties.namespace.errorMessage.pattern).toBe(
      checkDns1123Label('Syntho'),
    );
    for (const tag of ['rayTag', 'operatorTag']) {
      expect(images.properties[tag].errorMessage.pattern).toContain(
        checkImageTag('a b'),
      );
    }
    // No property of the template keeps a pattern without its words.
    const unworded = parameters.flatMap(step =>
      Object.entries<any>(step.properties)
        .filter(
          ([, property]) =>
            property.pattern &&
            !/^must /.test(property.errorMessage?.pattern ?? ''),
        )
        .map(([key]) => key),
    );
    expect(unworded).toEqual([]);
    const messages = parameters.flatMap(step =>
      Object.values<any>(step.properties).flatMap(property =>
        Object.values(property.errorMessage ?? {}),
      ),
    );
    expect(messages.length).toBeGreaterThan(4);
    for (const message of messages) expect(message).not.toMatch(REGEX);
  });

  it('lists a name mistake after Next in words, and Review in readable rows with the warnings', async () => {
    const onCreate = await renderForm();

    fireEvent.change(screen.getByLabelText('Cluster name'), {
      target: { value: 'Ray-Cluster' },
    });
    fireEvent.change(screen.getByLabelText('Owner'), {
      target: { value: 'group:default/data-science' },
    });
    next();
    const banner = await screen.findByText(
      /^'Cluster name' must consist of/,
      undefined,
      SLOW,
    );
    expect(banner).toHaveTextContent(
      `'Cluster name' ${checkDns1123Label('Ray')}, and ${checkDns1035Label(
        '1a',
      )}`,
    );
    expect(document.body.textContent).not.toMatch(/must match pattern/);
    expect(document.body.textContent).not.toMatch(REGEX);

    fireEvent.change(screen.getByLabelText('Cluster name'), {
      target: { value: 'ray-cluster' },
    });
    next();

    fireEvent.click(
      await screen.findByRole('button', { name: 'Add worker group' }, SLOW),
    );
    fireEvent.change(screen.getByLabelText('Max'), { target: { value: '2' } });
    next();

    fireEvent.change(await screen.findByLabelText('Ray image tag', {}, SLOW), {
      target: { value: 'latest' },
    });
    next();

    fireEvent.click(
      await screen.findByRole('button', { name: 'Add volume' }, SLOW),
    );
    fireEvent.change(screen.getByLabelText('Volume name'), {
      target: { value: 'data' },
    });
    fireEvent.change(screen.getByLabelText('Mount path'), {
      target: { value: '/mnt/data' },
    });
    fireEvent.change(screen.getByLabelText('PersistentVolumeClaim'), {
      target: { value: 'data-pvc' },
    });
    fireEvent.click(screen.getByLabelText('Read only'));
    next('Review');

    await screen.findByRole('button', { name: 'Create' }, SLOW);
    const rowTexts = () =>
      within(screen.getByRole('table'))
        .getAllByRole('row')
        .map(row => row.textContent);
    // The owner's name comes from the catalog once it answers.
    await waitFor(
      () => expect(rowTexts()).toContain('OwnerData Science (data-science)'),
      SLOW,
    );
    expect(rowTexts()).toEqual(
      expect.arrayContaining([
        'Cluster nameray-cluster',
        'Size presetDevelopment',
        'Ray image taglatest',
        'Extra worker groupsgroup-1: Workers 1, Min replicas 1, Max replicas 2, CPU 4, Memory 8G',
        'Extra volumesVolume name: dataMount path: /mnt/dataPersistentVolumeClaim: data-pvcRead only: yes',
      ]),
    );
    expect(screen.getByRole('table').textContent).not.toMatch(
      /extraWorkerGroups|minReplicas|mountPath|\{|\}/,
    );
    expect(
      screen.getByText(/^Warning: The Ray image tag "latest" is not pinned/),
    ).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalled(), SLOW);
    const values = onCreate.mock.calls[0][0];
    expect(values.owner).toBe('group:default/data-science');
    expect(values.volumes).toEqual([
      {
        name: 'data',
        mountPath: '/mnt/data',
        persistentVolumeClaim: 'data-pvc',
        readOnly: true,
      },
    ]);
  }, 60_000);
});

describe('the review field of the syntho-ray-cluster template', () => {
  const review = parameters[3].properties.review;

  it('bounds what it stores as the Review value is bounded', () => {
    const { owner, workerGroups, volumes, warnings } = review.properties;
    expect(review.additionalProperties).toBe(false);
    expect([
      owner.maxLength,
      workerGroups.items.maxLength,
      volumes.items.additionalProperties.maxLength,
      warnings.items.maxLength,
    ]).toEqual(Array(4).fill(REVIEW_BOUNDS.text));
    expect([
      workerGroups.maxItems,
      volumes.maxItems,
      warnings.maxItems,
    ]).toEqual([
      REVIEW_BOUNDS.workerGroups,
      REVIEW_BOUNDS.volumes,
      REVIEW_BOUNDS.warnings,
    ]);
  });

  it('takes the Review value of a request at the limits of every list and text', async () => {
    const config = {
      synthoRay: {
        targets: [
          { name: 'aks', openshift: true, namespaces: ['n'.repeat(63)] },
        ],
        limits: { maxGroups: 1000, maxWorkers: 1000 },
      },
    };
    const label = (prefix: string, index: number) =>
      `${prefix}${String(index).padStart(4, '0')}`.padEnd(63, 'x');
    const answers = {
      name: 'r'.repeat(41),
      owner: `group:default/${'g'.repeat(63)}`,
      targetCluster: 'aks',
      namespace: 'n'.repeat(63),
      description: 'd'.repeat(2000),
      size: {
        preset: 'custom',
        head: { cpu: '16', memory: '64G' },
        extraWorkerGroups: Array.from({ length: 1000 }, (_, i) => ({
          name: label('g', i),
          replicas: 1,
          minReplicas: 1,
          maxReplicas: 1,
          cpu: '100m',
          memory: '512M',
        })),
      },
      rayTag: 'latest',
      operatorTag: 'latest',
      volumes: Array.from({ length: 32 }, (_, i) => ({
        name: label('v', i),
        mountPath: `/mnt/${label('v', i)}`.padEnd(1024, 'p'),
        persistentVolumeClaim: `${label('c', i)}.${'c'.repeat(189)}`,
        readOnly: true,
      })),
      openshift: true,
    };
    // The request is valid: only warnings, so nothing on the way to Create stops it.
    const checked = validateRequest(requestFromForm(answers), {
      policy: parsePolicy(config.synthoRay),
    });
    expect(checked.errors).toEqual([]);
    expect(checked.warnings.length).toBeGreaterThan(32);

    // jsdom takes minutes over the Size field's 1000 rows; its checks are the ones above.
    const onCreate = await renderForm({
      initialState: answers,
      config,
      fields: extensions.map(field =>
        field.name === 'SynthoRayClusterSize'
          ? { name: field.name, component: () => null }
          : field,
      ),
    });
    await screen.findByLabelText('Cluster name', {}, SLOW);
    next();
    await waitFor(
      () => expect(screen.queryByLabelText('Cluster name')).toBeNull(),
      SLOW,
    );
    next();
    await screen.findByLabelText('Ray image tag', {}, SLOW);
    next();
    await screen.findByRole('button', { name: 'Add volume' }, SLOW);
    // The review field takes the owner's name once the catalog answers; Review shows what it had.
    await waitFor(
      () =>
        expect(presentation.forEntity).toHaveBeenCalledWith(
          answers.owner,
          expect.anything(),
        ),
      SLOW,
    );
    await act(async () => {});
    next('Review');
    await screen.findByRole('button', { name: 'Create' }, SLOW);
    expect(screen.getByRole('table')).toHaveTextContent(/Long name/);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onCreate).toHaveBeenCalled(), SLOW);
    const stored = onCreate.mock.calls[0][0].review;
    expect(stored.owner).toMatch(/^Long name .*…$/);
    expect(stored.workerGroups).toHaveLength(1000);
    expect(stored.volumes).toHaveLength(32);
    expect(stored.warnings).toHaveLength(checked.warnings.length);
  }, 120_000);
});
