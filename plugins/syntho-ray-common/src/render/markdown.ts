/**
 * Markdown for text a requester wrote: every value stands as text in the pull request a reviewer
 * reads, never as a heading, mention, link, image, HTML or table break.
 */

/* eslint-disable no-control-regex -- control characters are what these patterns find */
// Line breaks of every kind, which would end an inline context (a paragraph, a table row, a heading).
const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
// Other control characters and invisible formatting characters (zero-width, bidirectional
// overrides), which have no business in a reviewer's view.
const CONTROL_CHARACTERS =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/* eslint-enable no-control-regex */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const ZERO_WIDTH_SPACE = '\u200b';
/** Longest value shown whole; longer ones are cut, and the full text is in the files. */
export const MAX_SHOWN_LENGTH = 200;

function oneLine(value: string, maxLength: number): string {
  const flat = value.replace(LINE_BREAKS, ' ').replace(CONTROL_CHARACTERS, '');
  if (flat.length <= maxLength) return flat;
  return `${Array.from(flat).slice(0, maxLength).join('')}… (${
    flat.length
  } characters)`;
}

/**
 * `value` as an inline code span on one line: Markdown, HTML, mentions and autolinks inside it are
 * shown as typed. The fence is one backtick longer than the longest run of backticks in the value.
 */
export function markdownCode(
  value: string,
  maxLength = MAX_SHOWN_LENGTH,
): string {
  const text = oneLine(value, maxLength);
  if (text.trim() === '') return '*(blank)*';
  const longestRun = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space from each end when both are there; padding keeps a backtick at an
  // end from joining the fence and keeps the value's own spaces.
  const padded =
    text.startsWith('`') ||
    text.endsWith('`') ||
    (text.startsWith(' ') && text.endsWith(' '))
      ? ` ${text} `
      : text;
  return `${fence}${padded}${fence}`;
}

/**
 * `value` as plain inline text on one line: every ASCII punctuation character is backslash-escaped,
 * and a zero-width space follows each character that starts a mention, autolink or reference
 * (`@`, `:`, `.`, and GitLab's `#`, `!`, `~`, `%`, `$`, `&`), so that neither GitHub nor GitLab
 * links it.
 */
export function markdownText(
  value: string,
  maxLength = MAX_SHOWN_LENGTH,
): string {
  return oneLine(value, maxLength)
    .replace(ASCII_PUNCTUATION, char => `\\${char}`)
    .replace(/\\([@:.#!~%$&])/g, `\\$1${ZERO_WIDTH_SPACE}`);
}

/**
 * Markdown for a GFM table cell: a pipe ends the cell even inside a code span unless escaped.
 */
export function markdownTableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
}

/**
 * `text` (any number of lines) as a fenced code block, fenced with more backticks than any line of
 * it holds, so nothing in it can close the block.
 */
export function markdownCodeBlock(text: string, language = ''): string {
  const body = text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(CONTROL_CHARACTERS, '');
  const longestRun = Math.max(
    2,
    ...(body.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${body.replace(/\n$/, '')}\n${fence}`;
}
