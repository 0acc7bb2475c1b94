/**
 * Code-point order: Kubernetes names and ISO timestamps are ASCII, and this is much faster than
 * `localeCompare` on the thousand-row lists a large cluster gives.
 */
export function codePointOrder(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
