import { checkVolumes } from './volumes';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkVolumes', () => {
  it('accepts a claim mounted at a free path, warning that it is shared', () => {
    expect(
      problemsOf(checkVolumes, {
        volumes: [
          {
            name: 'data',
            mountPath: '/mnt/data',
            persistentVolumeClaim: 'data',
          },
        ],
      }),
    ).toMatchObject([
      { severity: 'warning', path: 'volumes[0].persistentVolumeClaim' },
    ]);
  });

  it('refuses a volume without a source, mounted over the service-account token', () => {
    expect(
      problemsOf(checkVolumes, {
        volumes: [{ name: 'data', mountPath: '/var/run/secrets/x' }],
      }),
    ).toMatchObject([
      { severity: 'error', path: 'volumes[0]' },
      { severity: 'error', path: 'volumes[0].mountPath' },
    ]);
  });
});
