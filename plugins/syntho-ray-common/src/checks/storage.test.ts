import { checkStorage } from './storage';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkStorage', () => {
  it("accepts the policy's ReadWriteMany class", () => {
    expect(problemsOf(checkStorage)).toEqual([]);
  });

  it('refuses a class every Ray pod cannot mount at once', () => {
    expect(
      problemsOf(checkStorage, { storageClass: 'managed-csi' }),
    ).toMatchObject([
      {
        severity: 'error',
        path: 'storageClass',
        fix: 'Pick a ReadWriteMany class: azurefile.',
      },
    ]);
  });
});
