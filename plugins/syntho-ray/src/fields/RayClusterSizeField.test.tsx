import { translationApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { pluginMessagesAsKeys } from '../__testUtils__/translation';
import { RayClusterSizeField } from './RayClusterSizeField';
import { ClusterSizeValue } from './sizeProblems';

function Harness(props: {
  initial: ClusterSizeValue;
  onValue?: (v: ClusterSizeValue) => void;
}) {
  const [value, setValue] = useState<ClusterSizeValue>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: ClusterSizeValue) => {
      setValue(next);
      props.onValue?.(next);
    },
    formContext: { formData: { name: 'ray-cluster', namespace: 'syntho' } },
    uiSchema: {},
  } as any;
  return <RayClusterSizeField {...fieldProps} />;
}

describe('RayClusterSizeField', () => {
  it('shows an inline error while the head memory is below 2G, and clears it once fixed', async () => {
    await renderInTestApp(<Harness initial={{ preset: 'production' }} />);
    const memory = screen.getByLabelText('Head memory');

    fireEvent.change(memory, { target: { value: '1G' } });
    expect(
      await screen.findByText(/below 2G the Ray head runs out of memory/),
    ).toBeInTheDocument();

    fireEvent.change(memory, { target: { value: '4G' } });
    expect(screen.queryByText(/below 2G/)).not.toBeInTheDocument();
  });

  it('adds and removes worker groups', async () => {
    const values: ClusterSizeValue[] = [];
    await renderInTestApp(
      <Harness
        initial={{ preset: 'production' }}
        onValue={v => values.push(v)}
      />,
    );

    expect(
      screen.getByText(/From the preset: workergroup, 1 × 16 CPU \/ 64G/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Add worker group/ }));
    expect(screen.getByTestId('worker-group-0')).toBeInTheDocument();
    expect(values.at(-1)?.extraWorkerGroups).toEqual([
      {
        name: 'group-1',
        replicas: 1,
        minReplicas: 1,
        maxReplicas: 1,
        cpu: '4',
        memory: '8G',
      },
    ]);

    fireEvent.click(
      screen.getByRole('button', { name: 'Remove group group-1' }),
    );
    expect(screen.queryByTestId('worker-group-0')).not.toBeInTheDocument();
    expect(values.at(-1)?.extraWorkerGroups).toEqual([]);
  });

  it('labels the presets with their sizes', async () => {
    await renderInTestApp(<Harness initial={{ preset: 'production' }} />);
    fireEvent.mouseDown(screen.getByLabelText('Size preset'));
    expect(
      await screen.findByRole('option', {
        name: 'Production — head 16 CPU / 64G and one worker of 16 CPU / 64G',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', {
        name: 'Development — head only, 16 CPU / 64G',
      }),
    ).toBeInTheDocument();
  });

  it("takes its texts from the plugin's translation ref", async () => {
    await renderInTestApp(<Harness initial={{ preset: 'production' }} />, {
      apis: [[translationApiRef, pluginMessagesAsKeys()]],
    });
    expect(screen.getByLabelText('«sizeField.headMemory»')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /«sizeField.addGroup»/ }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Worker groups|From the preset/)).toBeNull();
  });

  it('reads the limits from the synthoRay config', async () => {
    await renderInTestApp(
      <Harness
        initial={{
          preset: 'production',
          extraWorkerGroups: [
            {
              name: 'big',
              replicas: 2,
              maxReplicas: 2,
              cpu: '4',
              memory: '8G',
            },
          ],
        }}
      />,
      { config: { synthoRay: { limits: { maxWorkers: 2 } } } },
    );

    expect(screen.getByRole('alert')).toHaveTextContent(
      'The cluster can grow to 3 workers; the platform allows 2.',
    );
  });
});
