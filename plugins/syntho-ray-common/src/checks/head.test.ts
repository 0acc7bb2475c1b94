import { checkHead, checkHeadIsSized } from './head';
import { problemsOf } from './__testUtils__/checkContext';

describe('checkHeadIsSized', () => {
  it('accepts the head size a preset gives', () => {
    expect(problemsOf(checkHeadIsSized)).toEqual([]);
  });

  it('asks a custom request for the head size', () => {
    expect(
      problemsOf(checkHeadIsSized, { preset: 'custom', head: { cpu: '4' } }),
    ).toMatchObject([{ severity: 'error', path: 'head' }]);
  });
});

describe('checkHead', () => {
  it('accepts the preset head', () => {
    expect(problemsOf(checkHead)).toEqual([]);
  });

  it('refuses a head below the minimum memory on the field that sets it', () => {
    expect(
      problemsOf(checkHead, {
        head: { memory: '4G', requests: { memory: '1G' } },
      }),
    ).toMatchObject([
      {
        severity: 'error',
        path: 'head.requests.memory',
        message: expect.stringContaining('below 2G'),
      },
    ]);
  });
});
