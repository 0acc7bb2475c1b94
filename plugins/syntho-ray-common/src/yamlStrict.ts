import { LineCounter, parseDocument } from 'yaml';

/** One reason a YAML text cannot be read as written, and where. */
export interface YamlSyntaxProblem {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  message: string;
  fix: string;
}

/** The outcome of {@link parseYamlStrictly}: the document, or every problem. */
export type StrictYaml =
  | { ok: true; document: ReturnType<typeof parseDocument>; lines: LineCounter }
  | { ok: false; problems: YamlSyntaxProblem[] };

/**
 * Parses YAML (or JSON) strictly: syntax errors, duplicate keys and several documents are problems,
 * each with its line and column, so that nothing a file says is silently read another way. One
 * reader for requests, `--existing` files, app-config files and values files.
 */
export function parseYamlStrictly(text: string): StrictYaml {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
  });
  if (document.errors.length === 0) return { ok: true, document, lines };
  return {
    ok: false,
    problems: document.errors.map(error => {
      const [position] = error.linePos ?? [{ line: 1, col: 1 }];
      return {
        line: position.line,
        column: position.col,
        message: `Not valid YAML: ${error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '.')}`,
        fix: `Correct the YAML at that line and column${
          error.code === 'DUPLICATE_KEY' ? ' (keep one of the keys)' : ''
        }.`,
      };
    }),
  };
}
