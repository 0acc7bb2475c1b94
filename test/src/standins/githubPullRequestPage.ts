import MarkdownIt from 'markdown-it';

/** What the read-only page of a pull request shows. */
export interface PullRequestPageContent {
  repository: string;
  number: number;
  title: string;
  body: string;
  state: string;
  author: string;
  head: string;
  base: string;
  reviewers: string[];
  teamReviewers: string[];
  labels: string[];
  /** Each changed file's text on the base branch (undefined: added) and on the head branch. */
  files: Array<{ path: string; before?: string; after: string }>;
}

// Raw HTML in a pull request's text stays text (`html: false`); markdown-it also refuses
// javascript:, vbscript:, file: and most data: links on its own.
const markdown = new MarkdownIt({ html: false, linkify: false });
// The text sits under the page's "Description" heading: its own headings nest below it.
markdown.core.ruler.push('nest_headings', state => {
  for (const token of state.tokens)
    if (token.type === 'heading_open' || token.type === 'heading_close')
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 2)}`;
  return true;
});

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );
}

/** Longest files get a whole-file replacement instead of a line diff, to bound the work. */
const MAX_DIFF_LINES = 2000;

/** A line diff of two texts (` `, `-`, `+` prefixed lines), by longest common subsequence. */
export function lineDiff(before: string | undefined, after: string): string[] {
  // A file's final newline ends its last line; it starts no empty one.
  const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');
  const a = before === undefined ? [] : linesOf(before);
  const b = linesOf(after);
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES)
    return [...a.map(line => `-${line}`), ...b.map(line => `+${line}`)];
  const common: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i][j] =
        a[i] === b[j]
          ? common[i + 1][j + 1] + 1
          : Math.max(common[i + 1][j], common[i][j + 1]);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(` ${a[i++]}`);
      j++;
    } else if (
      i < a.length &&
      (j >= b.length || common[i + 1][j] >= common[i][j + 1])
    )
      lines.push(`-${a[i++]}`);
    else lines.push(`+${b[j++]}`);
  }
  return lines;
}

/** The class of a diff line, by its first character. */
const LINE_KINDS: Record<string, string> = { '+': 'added', '-': 'removed' };

function list(title: string, values: string[]) {
  return `<dt>${escapeHtml(title)}</dt><dd>${
    values.length ? values.map(escapeHtml).join(', ') : 'none'
  }</dd>`;
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.notice { background: #fff8c5; border: 1px solid #d4a72c; padding: .5rem .75rem; border-radius: 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.body { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; }
pre.diff { border: 1px solid #d0d7de; border-radius: 6px; overflow-x: auto; padding: .5rem 0; }
pre.diff span { display: block; padding: 0 .75rem; white-space: pre; }
pre.diff .added { background: #dafbe1; color: #0a3d1a; }
pre.diff .removed { background: #ffebe9; color: #6e0b0b; }
`;

/**
 * The stand-in's read-only HTML page of one pull request: title, state, branches, reviewers, the
 * text rendered as Markdown, and each file's diff. Every value is escaped; the page runs no script.
 */
export function pullRequestPage(pull: PullRequestPageContent): string {
  const files = pull.files
    .map(
      (file, index) => `<section aria-labelledby="file-${index + 1}">
<h3 id="file-${index + 1}">${escapeHtml(file.path)}${
        file.before === undefined ? ' (added)' : ''
      }</h3>
<pre class="diff" tabindex="0">${lineDiff(file.before, file.after)
        .map(line => {
          const kind = LINE_KINDS[line[0]] ?? 'same';
          return `<span class="${kind}">${escapeHtml(line)}</span>`;
        })
        .join('')}</pre>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(pull.title)} · Pull request #${pull.number} · ${escapeHtml(
    pull.repository,
  )} (simulated GitOps host)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="notice">Simulated GitOps host of the development portal: a read-only view of what the template sent. Nothing here reaches GitHub.</p>
<h1>${escapeHtml(pull.title)} <span>#${pull.number}</span></h1>
<dl>
${list('Repository', [pull.repository])}
${list('State', [pull.state])}
${list('Branch', [`${pull.head} → ${pull.base}`])}
${list('Opened by', [pull.author])}
${list('Reviewers', pull.reviewers)}
${list('Team reviewers', pull.teamReviewers)}
${list('Labels', pull.labels)}
</dl>
<h2>Description</h2>
<div class="body">${markdown.render(pull.body ?? '')}</div>
<h2>Files changed (${pull.files.length})</h2>
${files}
</main>
</body>
</html>
`;
}
