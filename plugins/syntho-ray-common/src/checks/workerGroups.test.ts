import { checkWorkerGroups } from './workerGroups';
import { problemsOf } from './__testUtils__/checkContext';

const group = (overrides: Record<string, unknown> = {}) => ({
  name: 'workergroup',
  replicas: 1,
  cpu: '4',
  memory: '8G',
  ...overrides,
});

describe('checkWorkerGroups', () => {
  it('accepts the preset group and one of its own', () => {
    expect(
      problemsOf(checkWorkerGroups, {
        extraWorkerGroups: [group({ name: 'small-group' })],
      }),
    ).toEqual([]);
  });

  it("reports a group's problems under the path it came from", () => {
    expect(
      problemsOf(checkWorkerGroups, {
        extraWorkerGroups: [
          group({ name: 'headgroup', minReplicas: 3, maxReplicas: 2 }),
        ],
      }),
    ).toMatchObject([
      { severity: 'error', path: 'extraWorkerGroups[0].name' },
      { severity: 'error', path: 'extraWorkerGroups[0].minReplicas' },
    ]);
  });
});
