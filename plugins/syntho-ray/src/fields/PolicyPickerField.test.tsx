import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { PolicyPickerField, policyOptions } from './PolicyPickerField';

const policy = parsePolicy({
  targets: [
    { name: 'aks', namespaces: ['syntho', 'synthesis'] },
    { name: 'ocp', openshift: true },
  ],
  storage: {
    classes: [
      {
        name: 'azurefile-csi',
        readWriteMany: true,
        description: 'Azure Files',
      },
      { name: 'managed-csi', readWriteMany: false },
    ],
    defaultClass: 'azurefile-csi',
  },
  images: { allowedRayTags: ['2.9.3', '2.10.0'], defaultRayTag: '2.9.3' },
});

describe('policyOptions', () => {
  it('offers the targets, marking OpenShift', () => {
    expect(policyOptions(policy, 'targets', {}).map(o => o.label)).toEqual([
      'aks',
      'ocp (OpenShift)',
    ]);
  });

  it("offers the chosen target's namespaces, and none (any) where the target sets none", () => {
    expect(
      policyOptions(policy, 'namespaces', { targetCluster: 'aks' }).map(
        o => o.value,
      ),
    ).toEqual(['syntho', 'synthesis']);
    expect(
      policyOptions(policy, 'namespaces', { targetCluster: 'ocp' }),
    ).toEqual([]);
  });

  it('disables storage classes that are not ReadWriteMany and says why', () => {
    expect(policyOptions(policy, 'storageClasses', {})).toEqual([
      {
        value: 'azurefile-csi',
        label: 'azurefile-csi — Azure Files',
        disabled: false,
      },
      {
        value: 'managed-csi',
        label:
          'managed-csi — not ReadWriteMany, cannot hold the shared Ray volume',
        disabled: true,
      },
    ]);
  });

  it('offers the allowed tags', () => {
    expect(policyOptions(policy, 'rayTags', {}).map(o => o.value)).toEqual([
      '2.9.3',
      '2.10.0',
    ]);
    expect(policyOptions(policy, 'operatorTags', {})).toEqual([]);
  });
});

describe('PolicyPickerField', () => {
  const render = (list: string, onChange = jest.fn(), required = false) =>
    renderInTestApp(
      <PolicyPickerField
        {...({
          formData: undefined,
          onChange,
          required,
          schema: { title: 'Pick', description: 'From the policy' },
          uiSchema: { 'ui:options': { list } },
          idSchema: { $id: `root_${list}` },
          formContext: { formData: { targetCluster: 'aks' } },
        } as any)}
      />,
      { config: { synthoRay: { ...policy, chart: undefined } as any } },
    );

  it('lists the choices from the config and reports the one picked', async () => {
    const onChange = jest.fn();
    await render('namespaces', onChange, true);

    fireEvent.mouseDown(screen.getByRole('button', { name: /Pick/ }));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('synthesis'));

    expect(onChange).toHaveBeenCalledWith('synthesis');
  });

  it('is a free text field with the default shown where the policy allows any value', async () => {
    await render('operatorTags');

    expect(screen.getByRole('textbox', { name: 'Pick' })).toBeInTheDocument();
  });
});
