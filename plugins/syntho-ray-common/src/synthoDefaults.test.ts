import { parsePolicy } from './policy';
import { parseQuantity } from './quantity';
import {
  DEFAULT_PULL_SECRET,
  MIN_HEAD_MEMORY,
  MIN_HEAD_MEMORY_BYTES,
} from './synthoDefaults';

describe('Syntho defaults', () => {
  it('holds the head minimum it quotes as that many bytes', () => {
    expect(MIN_HEAD_MEMORY).toBe('2G');
    expect(MIN_HEAD_MEMORY_BYTES).toBe(parseQuantity('2000000000'));
  });

  it('is the pull secret a policy gets when it names none', () => {
    expect(parsePolicy({}).pullSecret).toBe(DEFAULT_PULL_SECRET);
  });
});
