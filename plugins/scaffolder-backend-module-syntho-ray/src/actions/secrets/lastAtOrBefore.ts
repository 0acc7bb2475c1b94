/**
 * The index of the last number in `sorted` (ascending) that is at most `x`, or -1 when every one
 * is greater: found by halving, so a question about a hostile file's many matches costs a
 * logarithm.
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let low = -1;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2);
    if (sorted[middle] <= x) low = middle;
    else high = middle - 1;
  }
  return low;
}
