import { checkTarget } from './target';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkTarget', () => {
  it('accepts a namespace the target opens', () => {
    expect(problemsOf(checkTarget)).toEqual([]);
  });

  it('refuses a namespace the target does not open', () => {
    expect(problemsOf(checkTarget, { namespace: 'default' })).toMatchObject([
      { severity: 'error', path: 'namespace' },
    ]);
  });

  it('warns a requester who turned OpenShift off on an OpenShift target', () => {
    expect(
      problemsOf(checkTarget, { targetCluster: 'ocp', openshift: false }),
    ).toMatchObject([{ severity: 'warning', path: 'openshift' }]);
  });
});
