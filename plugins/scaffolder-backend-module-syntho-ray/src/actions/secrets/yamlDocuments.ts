import { Document, parseAllDocuments } from 'yaml';

/**
 * Flow collections nested deeper than this are not parsed: the `yaml` parser needs over 100 MB and
 * seconds for 256 KiB of `{`, and no rendered GitOps file nests a tenth as deep.
 */
export const MAX_FLOW_DEPTH = 64;

/**
 * How deep `{` and `[` nest in a YAML text, outside quoted scalars and comments: a cheap, linear
 * bound on what parsing it would cost. Brackets inside plain scalars count too, which only errs
 * towards refusing.
 */
export function flowDepth(content: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (quote === '"') {
      if (char === '\\') i += 1;
      else if (char === '"') quote = undefined;
    } else if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(content[i - 1]))) {
      const end = content.indexOf('\n', i);
      i = end < 0 ? content.length : end;
    } else if (char === '{' || char === '[') {
      depth += 1;
      deepest = Math.max(deepest, depth);
    } else if ((char === '}' || char === ']') && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

let lastParsed: { content: string; documents: Document[] } | undefined;

/**
 * The documents of a YAML text, or `undefined` when it nests too deep to parse safely (see
 * {@link MAX_FLOW_DEPTH}). The last text's documents are kept, since several rules read the same
 * file one after the other.
 */
export function yamlDocuments(content: string): Document[] | undefined {
  if (lastParsed?.content === content) return lastParsed.documents;
  if (flowDepth(content) > MAX_FLOW_DEPTH) return undefined;
  const documents: Document[] = parseAllDocuments(content, {
    uniqueKeys: false,
    // Pretty errors quote the line around each error: 87k errors on one long line take 30 s.
    prettyErrors: false,
  });
  lastParsed = { content, documents };
  return documents;
}
