import { checkLicense } from './license';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkLicense', () => {
  it("accepts the policy's license Secret", () => {
    expect(problemsOf(checkLicense)).toEqual([]);
  });

  it('refuses a plain-text key the policy does not allow', () => {
    expect(
      problemsOf(checkLicense, { license: { plainText: 'abc' } }),
    ).toMatchObject([{ severity: 'error', path: 'license.plainText' }]);
  });
});
