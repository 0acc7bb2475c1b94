/**
 * The characters a requester's text may not smuggle into a chart, a message or a pull request: C0
 * and C1 control characters, every line break YAML or Markdown honours (including NEL and the
 * Unicode line and paragraph separators), and the invisible formatting characters (zero-width,
 * bidirectional embeddings, overrides and isolates, word joiners, the byte order mark) that make
 * text read differently from what it is. One list, so the validators, messages and Markdown agree.
 */

/* eslint-disable no-control-regex -- control characters are what these patterns find */
const INVISIBLE_FORMATTING =
  '\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

/** Any control character, line break or invisible formatting character. */
export const CONTROL_OR_INVISIBLE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_FORMATTING}]`,
);

/** Like {@link CONTROL_OR_INVISIBLE}, but tab and newline pass (multi-line text). */
export const CONTROL_OR_INVISIBLE_BUT_TAB_AND_NEWLINE = new RegExp(
  `[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_FORMATTING}]`,
);

/** Every line break, `\r\n` as one (global). */
export const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;

/** Control and invisible characters that are neither a line break nor a tab (global). */
export const CONTROL_OR_INVISIBLE_BUT_LINE_BREAKS = new RegExp(
  `[\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f${INVISIBLE_FORMATTING}]`,
  'g',
);
/* eslint-enable no-control-regex */
