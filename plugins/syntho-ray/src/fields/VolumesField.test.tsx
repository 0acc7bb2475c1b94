import { translationApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { pluginMessagesAsKeys } from '../__testUtils__/translation';
import { volumesValidation } from './formField';
import { ExtraVolumeValue, volumeProblemPlace } from './volumeProblems';
import { VolumesField } from './VolumesField';

const REGEX = /\^|\$|\[a-z|\\d|\(\?/;

function Harness(props: {
  initial: ExtraVolumeValue[];
  rawErrors?: string[];
  onValue?: (v: ExtraVolumeValue[]) => void;
}) {
  const [value, setValue] = useState<ExtraVolumeValue[]>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: ExtraVolumeValue[]) => {
      setValue(next);
      props.onValue?.(next);
    },
    formContext: { formData: { name: 'ray-cluster', namespace: 'syntho' } },
    schema: { title: 'Extra volumes', description: 'Help text' },
    uiSchema: {},
    idSchema: { $id: 'root_volumes' },
    rawErrors: props.rawErrors,
  } as any;
  return <VolumesField {...fieldProps} />;
}

const data = {
  name: 'data',
  mountPath: '/mnt/data',
  persistentVolumeClaim: 'data-pvc',
};

describe('VolumesField', () => {
  it('adds a row like a worker group, asks nothing of it before Next, and removes it', async () => {
    const values: ExtraVolumeValue[][] = [];
    await renderInTestApp(
      <Harness initial={[]} onValue={v => values.push(v)} />,
    );
    expect(screen.getByText('Extra volumes')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Add volume' }));
    const row = screen.getByTestId('volume-0');
    for (const label of [
      'Volume name',
      'Mount path',
      'PersistentVolumeClaim',
      'Read only',
    ]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(row.querySelectorAll('[aria-invalid="true"]')).toHaveLength(0);
    expect(row.textContent).not.toMatch(/no name|no mount path/);

    fireEvent.change(screen.getByLabelText('Volume name'), {
      target: { value: 'data' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove volume data' }));
    expect(screen.queryByTestId('volume-0')).not.toBeInTheDocument();
    expect(values.at(-1)).toEqual([]);
  });

  it('words a mount path on its field and takes the message away once fixed', async () => {
    await renderInTestApp(
      <Harness initial={[{ ...data, mountPath: 'mnt/data' }]} />,
    );
    const mountPath = screen.getByLabelText('Mount path');
    expect(mountPath).toHaveAttribute('aria-invalid', 'true');
    expect(mountPath).toHaveAttribute(
      'aria-describedby',
      'root_volumes-0-problems',
    );
    expect(screen.getByTestId('volume-0-mountPath-error')).toHaveTextContent(
      /^Mount path: Mount path "mnt\/data" is not absolute\. Write an absolute path/,
    );
    expect(screen.getByLabelText('Volume name')).toHaveAttribute(
      'aria-invalid',
      'false',
    );

    fireEvent.change(mountPath, { target: { value: '/mnt/data' } });
    expect(mountPath).toHaveAttribute('aria-invalid', 'false');
    expect(
      screen.queryByTestId('volume-0-mountPath-error'),
    ).not.toBeInTheDocument();
    // The claim stays a warning: Ray's pods on several nodes mount it.
    expect(screen.getByText(/^⚠️ Ray may schedule several pods/)).toBeVisible();
  });

  it('asks for the empty fields once Next found them so', async () => {
    await renderInTestApp(
      <Harness
        initial={[{ name: 'data', mountPath: '', persistentVolumeClaim: '' }]}
        rawErrors={['Volume 1, mount path: …']}
      />,
    );
    expect(screen.getByTestId('volume-0-mountPath-error')).toHaveTextContent(
      "Mount path: The volume has no mount path. Enter where Ray's pods see it, e.g. /mnt/data.",
    );
    expect(
      screen.getByTestId('volume-0-persistentVolumeClaim-error'),
    ).toHaveTextContent(
      'PersistentVolumeClaim: The volume has no PersistentVolumeClaim. Enter the name of a claim in the namespace.',
    );
    fireEvent.change(screen.getByLabelText('PersistentVolumeClaim'), {
      target: { value: 'data-pvc' },
    });
    expect(
      screen.queryByTestId('volume-0-persistentVolumeClaim-error'),
    ).not.toBeInTheDocument();
  });

  it.each([
    'Data Volume',
    'a: b',
    '{{ x }}',
    'x\ny',
    '"q"',
    '# c',
    'a\u2028b',
    '[]',
    'v'.repeat(300),
  ])('words a volume name the chart cannot take: %j', async name => {
    await renderInTestApp(<Harness initial={[{ ...data, name }]} />);
    const message = screen.getByTestId('volume-0-name-error');
    expect(message.textContent).toMatch(/^Volume name: /);
    expect(message.textContent).not.toMatch(REGEX);
  });

  it("takes its texts from the plugin's translation ref", async () => {
    await renderInTestApp(<Harness initial={[data]} />, {
      apis: [[translationApiRef, pluginMessagesAsKeys()]],
    });
    expect(screen.getByLabelText('«volumesField.mountPath»')).toBeVisible();
    expect(
      screen.getByRole('button', { name: /«volumesField.addVolume»/ }),
    ).toBeVisible();
  });
});

describe('volumesValidation', () => {
  const validate = (volumes: ExtraVolumeValue[]) => {
    const errors: string[] = [];
    volumesValidation(
      volumes,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => undefined },
        formData: { name: 'ray-cluster', namespace: 'syntho' },
      } as any,
    );
    return errors;
  };

  it('blocks Next with the place and the rule in words', () => {
    expect(validate([data])).toEqual([]);
    expect(
      validate([data, { ...data, mountPath: '/tmp/ray', name: '' }]),
    ).toEqual([
      'Volume 2, volume name: The volume has no name. Enter one, e.g. data.',
      expect.stringMatching(/^Volume 2, mount path: .*\/tmp\/ray/),
    ]);
  });

  it('says more volumes than the request allows are about the extra volumes', () => {
    const many = Array.from({ length: 33 }, (_, i) => ({
      ...data,
      name: `v${i}`,
      mountPath: `/mnt/v${i}`,
    }));
    expect(validate(many)).toEqual([expect.stringMatching(/^Extra volumes: /)]);
  });

  it.each([
    ['volumes[0].mountPath', 'Volume 1, mount path'],
    ['volumes[2].persistentVolumeClaim', 'Volume 3, PersistentVolumeClaim'],
    ['volumes[0].{{ x }}', 'Extra volumes'],
    ['a: b\n#{}[]"\u2028', 'Extra volumes'],
  ])('places %j as %s', (path, place) => {
    expect(volumeProblemPlace(path)).toBe(place);
  });
});
