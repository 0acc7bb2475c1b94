import { checkImages } from './images';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkImages', () => {
  it('accepts pinned tags and the default pull secret', () => {
    expect(problemsOf(checkImages)).toEqual([]);
  });

  it('warns about a floating tag and refuses a pull secret name Kubernetes would not take', () => {
    expect(
      problemsOf(checkImages, {
        images: { rayTag: 'latest', operatorTag: '1.4.0' },
        pullSecret: 'Syntho_Secret',
      }),
    ).toMatchObject([
      { severity: 'warning', path: 'images.rayTag' },
      {
        severity: 'error',
        path: 'pullSecret',
        fix: expect.stringContaining('syntho-cr-secret'),
      },
    ]);
  });
});
