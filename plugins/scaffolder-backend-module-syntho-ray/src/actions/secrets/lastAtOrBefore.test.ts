import { lastAtOrBefore } from './lastAtOrBefore';

describe('lastAtOrBefore', () => {
  it.each([
    [[], 5, -1],
    [[3], 2, -1],
    [[3], 3, 0],
    [[3], 4, 0],
    [[0, 2, 2, 7], 1, 0],
    [[0, 2, 2, 7], 2, 2],
    [[0, 2, 2, 7], 6, 2],
    [[0, 2, 2, 7], 7, 3],
    [[0, 2, 2, 7], 1e9, 3],
    [[0, 2, 2, 7], -1, -1],
  ])('in %j, the last at or before %d is at %d', (sorted, x, index) => {
    expect(lastAtOrBefore(sorted, x)).toBe(index);
  });
});
