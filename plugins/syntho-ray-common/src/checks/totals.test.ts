import { checkTotals } from './totals';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkTotals', () => {
  it("accepts a cluster within the policy's limits", () => {
    expect(problemsOf(checkTotals)).toEqual([]);
  });

  it('refuses a cluster that can grow past the CPU limit', () => {
    expect(
      problemsOf(checkTotals, {}, { policy: { limits: { maxTotalCpu: '8' } } }),
    ).toMatchObject([
      {
        severity: 'error',
        path: 'workerGroups',
        message: expect.stringContaining('the platform allows 8.'),
      },
    ]);
  });
});
