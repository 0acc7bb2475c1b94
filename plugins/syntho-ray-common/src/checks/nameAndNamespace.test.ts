import { checkNameAndNamespace } from './nameAndNamespace';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkNameAndNamespace', () => {
  it('accepts a DNS name and namespace', () => {
    expect(problemsOf(checkNameAndNamespace)).toEqual([]);
  });

  it('refuses a name and a namespace Kubernetes would not take, suggesting one', () => {
    expect(
      problemsOf(checkNameAndNamespace, {
        name: 'Ray_Cluster',
        namespace: 'Syntho!',
      }),
    ).toMatchObject([
      {
        severity: 'error',
        path: 'name',
        fix: expect.stringContaining('"ray-cluster"'),
      },
      {
        severity: 'error',
        path: 'namespace',
        fix: expect.stringContaining('"syntho"'),
      },
    ]);
  });
});
