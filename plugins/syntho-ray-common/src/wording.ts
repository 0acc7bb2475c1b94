/**
 * A count with its noun in the right number: `countOf(1, 'pod')` is "1 pod", `countOf(3, 'pod')` is
 * "3 pods"; irregular plurals are passed, as in `countOf(2, 'policy', 'policies')`.
 *
 * @public
 */
export function countOf(count: number, noun: string, pluralNoun = `${noun}s`) {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/**
 * The form of a word that agrees with `count`: `agreeing(1, 'fits', 'fit')` is "fits".
 *
 * @public
 */
export function agreeing(count: number, singular: string, plural: string) {
  return count === 1 ? singular : plural;
}

// Made on first use: creating it loads ICU's list patterns, about 15 ms of a CLI process that may
// never join a list.
let conjunction: Intl.ListFormat | undefined;

/**
 * Names joined as a sentence would: "head", "head and workergroup", "a, b, and c".
 *
 * @public
 */
export function listOf(names: Iterable<string>) {
  conjunction ??= new Intl.ListFormat('en', {
    style: 'long',
    type: 'conjunction',
  });
  return conjunction.format([...names]);
}
