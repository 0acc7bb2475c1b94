/** Characters a POSIX shell takes literally in an unquoted word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/**
 * Quotes one argument of a command that users copy into a POSIX shell: unchanged when every
 * character is literal to the shell, otherwise in single quotes, with each `'` written as `'\''`.
 * A value from an entity or a cluster can then neither end the argument nor start another command.
 *
 * @public
 */
export function shellQuote(argument: string): string {
  if (SHELL_SAFE.test(argument)) return argument;
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/**
 * A command line whose every argument is quoted with {@link shellQuote}.
 *
 * @public
 */
export function shellCommand(...argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}
