import { TextField } from '@material-ui/core';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import {
  checkDns1035Label,
  checkDns1123Label,
  checkImageTag,
} from '@syntho-ray/plugin-syntho-ray-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
// The template this plugin's fields serve, as the scaffolder reads it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import template from '../../../../templates/syntho-ray-cluster/template.yaml';
import { rayClusterSizeValidation, volumesValidation } from './formField';
import { PolicyPickerField } from './PolicyPickerField';
import { RayClusterSizeField } from './RayClusterSizeField';
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

const presentation = {
  forEntity: (entityRef: string) => {
    const snapshot = {
      entityRef,
      primaryTitle:
        entityRef === 'group:default/data-science' ? 'Data Science' : entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

// The stepper scrolls to the top of each step; jsdom has no scrolling.
beforeAll(() => {
  window.scrollTo = jest.fn();
});

async function renderForm() {
  const onCreate = jest.fn();
  await renderInTestApp(
    <Stepper
      manifest={{
        title: 'Syntho Ray cluster',
        steps: parameters.map(schema => ({ title: schema.title, schema })),
      }}
      extensions={extensions}
      onCreate={onCreate}
    />,
    { apis: [[entityPresentationApiRef, presentation as any]] },
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
      () => expect(rowTexts()).toContain('OwnerData Science'),
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
      /group:default|extraWorkerGroups|minReplicas|mountPath|\{|\}/,
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
