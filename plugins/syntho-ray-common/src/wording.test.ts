import { agreeing, countOf, listOf } from './wording';

describe('countOf', () => {
  it.each([
    [0, 'pod', undefined, '0 pods'],
    [1, 'pod', undefined, '1 pod'],
    [2, 'pod', undefined, '2 pods'],
    [1, 'policy', 'policies', '1 policy'],
    [3, 'policy', 'policies', '3 policies'],
  ])('%i %s → %s', (count, noun, plural, expected) => {
    expect(countOf(count, noun, plural)).toBe(expected);
  });
});

describe('agreeing', () => {
  it('takes the singular only for one', () => {
    expect([0, 1, 2].map(n => agreeing(n, 'fits', 'fit'))).toEqual([
      'fit',
      'fits',
      'fit',
    ]);
  });
});

describe('listOf', () => {
  it.each([
    [['head'], 'head'],
    [['head', 'workergroup'], 'head and workergroup'],
    [['head', 'small', 'large'], 'head, small, and large'],
  ])('%j → %s', (names, expected) => {
    expect(listOf(names)).toBe(expected);
  });
});
