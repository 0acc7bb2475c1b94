import { Document, parseAllDocuments } from 'yaml';

/**
 * Flow collections nested deeper than this are not parsed: the `yaml` parser needs over 100 MB and
 * seconds for 256 KiB of `{`, and no rendered GitOps file nests a tenth as deep.
 */
export const MAX_FLOW_DEPTH = 64;

/**
 * How deep flow collections (`{`, `[`) nest in a YAML text: a cheap, linear bound on what parsing it
 * would cost. A bracket counts only where a node may start (at the start of a line, after `: `, `- `,
 * `? `, an anchor or tag, or inside a flow collection after `,`, `:`, `{` or `[`), so brackets inside
 * quoted and plain scalars and comments (`description: a{{{`) do not.
 */
export function flowDepth(content: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: '"' | "'" | undefined;
  let atNodeStart = true;
  const spaceAt = (index: number) =>
    index >= content.length || /\s/.test(content[index]);
  for (let i = 0; i < content.length; i++) {
    const char = content[i];
    if (quote === '"') {
      if (char === '\\') i += 1;
      else if (char === '"') quote = undefined;
    } else if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === '\n') {
      atNodeStart = true;
    } else if (/\s/.test(char)) {
      // Spaces separate tokens and change nothing.
    } else if (char === '#' && (i === 0 || spaceAt(i - 1))) {
      const end = content.indexOf('\n', i);
      i = (end < 0 ? content.length : end) - 1;
    } else if (char === '{' || char === '[') {
      if (atNodeStart) {
        depth += 1;
        deepest = Math.max(deepest, depth);
      }
    } else if (char === '}' || char === ']') {
      if (depth > 0) depth -= 1;
      atNodeStart = false;
    } else if (char === '"' || char === "'") {
      quote = atNodeStart ? char : undefined;
      atNodeStart = false;
    } else if ((char === '&' || char === '!') && atNodeStart) {
      // An anchor or a tag, which ends at a space or a flow indicator: the node starts after it.
      while (
        i + 1 < content.length &&
        !spaceAt(i + 1) &&
        !'{}[],'.includes(content[i + 1])
      )
        i += 1;
    } else if (
      (char === '-' || char === '?') &&
      atNodeStart &&
      spaceAt(i + 1)
    ) {
      // A block sequence entry or a complex key: a node starts after it.
    } else if (char === ':') {
      atNodeStart =
        spaceAt(i + 1) ||
        (depth > 0 && (content[i + 1] === '{' || content[i + 1] === '['));
    } else if (char === ',' && depth > 0) {
      atNodeStart = true;
    } else {
      atNodeStart = false;
    }
  }
  return deepest;
}

/** Whether a text is a YAML file (JSON is YAML too), which the scan also reads as YAML. */
export const isYamlPath = (path: string) => /\.(ya?ml|json)$/i.test(path);

/**
 * The documents of a YAML text, or `undefined` when it nests too deep to parse safely (see
 * {@link MAX_FLOW_DEPTH}).
 */
export function yamlDocuments(content: string): Document[] | undefined {
  if (flowDepth(content) > MAX_FLOW_DEPTH) return undefined;
  return parseAllDocuments(content, {
    uniqueKeys: false,
    // Pretty errors quote the line around each error: 87k errors on one long line take 30 s.
    prettyErrors: false,
  });
}
