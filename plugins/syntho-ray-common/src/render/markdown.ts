/**
 * Markdown for text a requester wrote: every value stands as text in the pull request a reviewer
 * reads, never as a heading, mention, link, image, HTML or table break.
 */

import {
  CONTROL_OR_INVISIBLE_BUT_LINE_BREAKS,
  LINE_BREAKS,
} from '../characters';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const ZERO_WIDTH_SPACE = '\u200b';
/** Longest value shown whole; longer ones are cut, and the full text is in the files. */
export const MAX_SHOWN_LENGTH = 200;

function oneLine(value: string, maxLength: number): string {
  const flat = value
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL_OR_INVISIBLE_BUT_LINE_BREAKS, '');
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
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROL_OR_INVISIBLE_BUT_LINE_BREAKS, '');
  const longestRun = Math.max(
    2,
    ...(body.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${body.replace(/\n$/, '')}\n${fence}`;
}
