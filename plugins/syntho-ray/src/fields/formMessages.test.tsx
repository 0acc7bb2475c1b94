import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { rayClusterSizeValidation } from './formField';
import { PolicyPickerField } from './PolicyPickerField';
import { RayClusterSizeField } from './RayClusterSizeField';
import { ClusterSizeValue, sizeProblemPlace } from './sizeProblems';

/** Holds the value like the scaffolder's form does, so a change re-renders the field. */
function Stateful<T>(props: {
  Field: (props: any) => JSX.Element;
  initial: T;
  extra?: Record<string, unknown>;
}) {
  const [value, setValue] = useState<T>(props.initial);
  const { Field } = props;
  return (
    <Field
      formData={value}
      onChange={setValue}
      formContext={{ formData: { name: 'ray-cluster', namespace: 'syntho' } }}
      uiSchema={{}}
      {...props.extra}
    />
  );
}

const oneGroup = (group: Record<string, unknown>): ClusterSizeValue => ({
  preset: 'development',
  extraWorkerGroups: [
    {
      name: 'small',
      replicas: 1,
      minReplicas: 1,
      maxReplicas: 2,
      cpu: '4',
      memory: '8G',
      ...group,
    },
  ],
});

const REGEX = /\^|\$|\[a-z|\\d|\(\?/;

describe('the Size field says the rule in words, on the field it is about', () => {
  it('puts a minimum above the maximum on Min, not on Workers, and takes it away once fixed', async () => {
    await renderInTestApp(
      <Stateful
        Field={RayClusterSizeField}
        initial={oneGroup({ minReplicas: 5 })}
      />,
    );

    const message = screen.getByTestId('worker-group-0-minReplicas-error');
    expect(message).toHaveTextContent(
      'Min: The minimum number of workers (5) is above the maximum (2). Lower the minimum or raise the maximum.',
    );
    expect(message.textContent).not.toMatch(/≤|got /);
    expect(screen.getByLabelText('Min')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByLabelText('Min')).toHaveAttribute(
      'aria-describedby',
      'syntho-ray-size-group-0-problems',
    );
    expect(screen.getByLabelText('Workers')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    expect(
      screen.queryByTestId('worker-group-0-replicas-error'),
    ).not.toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Max'), { target: { value: '6' } });
    // Workers (1) is now below the minimum (5): that one is about Workers.
    expect(
      screen.queryByTestId('worker-group-0-minReplicas-error'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByTestId('worker-group-0-replicas-error'),
    ).toHaveTextContent(
      'Workers: The group starts with 1 worker, fewer than its minimum of 5. Start with at least 5 workers, or lower the minimum.',
    );

    fireEvent.change(screen.getByLabelText('Workers'), {
      target: { value: '5' },
    });
    expect(screen.queryByText(/minimum|maximum/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('Workers')).toHaveAttribute(
      'aria-invalid',
      'false',
    );
  });

  it('words a group name the chart cannot take, whatever the name holds', async () => {
    for (const name of [
      'Small_Group',
      'a: b',
      '{{ x }}',
      'x\ny',
      '"q"',
      '# c',
      'a\u2028b',
      '[]',
      'n'.repeat(300),
    ]) {
      const { unmount } = await renderInTestApp(
        <Stateful Field={RayClusterSizeField} initial={oneGroup({ name })} />,
      );
      const message = screen.getByTestId('worker-group-0-name-error');
      expect(message.textContent).toMatch(/^Group name: /);
      expect(message.textContent).not.toMatch(REGEX);
      unmount();
    }
  });
});

describe('rayClusterSizeValidation', () => {
  it('names the place in words, not the request path', () => {
    const errors: string[] = [];
    rayClusterSizeValidation(
      oneGroup({ minReplicas: 5 }),
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: { name: 'ray-cluster', namespace: 'syntho' },
      } as any,
    );
    expect(errors).toEqual([
      'Worker group 1, minimum workers: The minimum number of workers (5) is above the maximum (2). Lower the minimum or raise the maximum.',
    ]);
  });
});

describe('sizeProblemPlace', () => {
  it.each([
    ['head.cpu', 'Head CPU'],
    ['head.requests.memory', 'Head memory'],
    ['extraWorkerGroups[0].minReplicas', 'Worker group 1, minimum workers'],
    ['extraWorkerGroups[2].replicas', 'Worker group 3, workers'],
    ['extraWorkerGroups[1]', 'Worker group 2'],
    ['extraWorkerGroups[0].{{ x }}', 'Worker group 1'],
    ['workerGroups', 'Worker groups'],
    ['a: b\n#{}[]"\u2028', 'Worker groups'],
  ])('%j → %s', (path, place) => {
    expect(sizeProblemPlace(path)).toBe(place);
  });
});

describe('the policy picker checks a typed value in words', () => {
  const picker = (list: string, title: string) => ({
    schema: { title, description: 'Help text' },
    uiSchema: { 'ui:options': { list } },
    idSchema: { $id: `root_${list}` },
  });

  it('warns about a floating "latest" tag and drops the warning for a pinned one', async () => {
    await renderInTestApp(
      <Stateful
        Field={PolicyPickerField}
        initial="latest"
        extra={picker('rayTags', 'Ray image tag')}
      />,
    );
    const field = screen.getByRole('textbox', { name: 'Ray image tag' });
    expect(
      screen.getByText(
        /^Warning: The Ray image tag "latest" is not pinned: .* Set the exact tag/,
      ),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'false');

    fireEvent.change(field, { target: { value: '2.9.3' } });
    expect(screen.queryByText(/not pinned/)).not.toBeInTheDocument();
    expect(screen.getByText('Help text')).toBeInTheDocument();
  });

  it.each([
    'a b',
    'a: b',
    '{{ x }}',
    '"q"',
    '# c',
    '[]',
    '{}',
    'a\u2028b',
    't'.repeat(300),
  ])('words the tag rule for %j and clears it once fixed', async tag => {
    await renderInTestApp(
      <Stateful
        Field={PolicyPickerField}
        initial={tag}
        extra={picker('operatorTags', 'Operator image tag')}
      />,
    );
    const field = screen.getByRole('textbox', { name: 'Operator image tag' });
    expect(field).toHaveAttribute('aria-invalid', 'true');
    const help = document.getElementById(`root_operatorTags-helper-text`);
    expect(help?.textContent).toMatch(
      /letters, digits|Longer than|control character|line break/,
    );
    expect(help?.textContent).not.toMatch(REGEX);

    fireEvent.change(field, { target: { value: '1.4.0' } });
    expect(field).toHaveAttribute('aria-invalid', 'false');
    expect(help?.textContent ?? screen.getByText('Help text').textContent).toBe(
      'Help text',
    );
  });

  it("shows the schema's own errors except a pattern's regular expression", async () => {
    await renderInTestApp(
      <Stateful
        Field={PolicyPickerField}
        initial={undefined}
        extra={{
          ...picker('operatorTags', 'Operator image tag'),
          rawErrors: ['must match pattern "^[a-z]$"', 'is required'],
        }}
      />,
    );
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(screen.queryByText(/pattern/)).not.toBeInTheDocument();
  });
});
