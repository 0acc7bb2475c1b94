import { Document, isAlias, isPair, isScalar, Node, visit } from 'yaml';
import { lastAtOrBefore } from './lastAtOrBefore';
import { RuleMatch, RuleText, SecretRule } from './types';
import { isYamlPath, yamlDocuments } from './yamlDocuments';

const RULE = 'syntho/license';
const LITERAL_LICENSE =
  'a Syntho license written as plain text (SynthoLicense or LICENSE_KEY_SIGNED with a literal value)';

/** Shorter literals are placeholders or test values, not signed license keys. */
const MIN_LICENSE_LENGTH = 16;

/**
 * A value that stands for the license without being it: the chart's `<put-your-own-license>`, an
 * argocd-vault-plugin `<path:secret/data/syntho#license_key>`, or nothing.
 */
const isPlaceholder = (text: string) =>
  text.trim() === '' || /^<[^<>\n]*>$/.test(text.trim());

const isLiteralLicense = (text: string) =>
  !isPlaceholder(text) && text.replace(/\s/g, '').length >= MIN_LICENSE_LENGTH;

/**
 * Text forms of a license that survive any layout: signed keys are JWS tokens, and the two ways
 * the charts take a literal license. They also cover texts that are not YAML (the pull request
 * body) and YAML too broken to parse.
 */
const TEXT_SHAPES: Array<{ what: string; pattern: RegExp }> = [
  {
    what: 'a signed token shaped like a Syntho license key',
    pattern:
      // Starting only where a run of token characters starts keeps this linear: otherwise a long run
      // of `eyJ` is retried from each of its positions, each time to its end.
      /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/dg,
  },
  {
    what: LITERAL_LICENSE,
    pattern:
      /SynthoLicense["']?\s*:\s*["']?(?<secret>(?![<|>"'\s])[^\s"'#,}]{16,})/dg,
  },
  {
    what: LITERAL_LICENSE,
    pattern:
      /LICENSE_KEY_SIGNED["']?\s*[,\n]\s*["']?value["']?\s*:\s*["']?(?<secret>(?![<"'\s])[^\s"',}]{16,})/dg,
  },
];

/** `SynthoLicense` keys, and env entries or maps that set `LICENSE_KEY_SIGNED`, anywhere in a document. */
function licensesInDocument(document: Document): RuleMatch[] {
  const found: RuleMatch[] = [];
  // Alias.resolve searches the whole document each time; one pass over the anchors keeps a file of
  // many aliases linear. YAML lets an anchor be redefined: an alias means the latest one before it.
  const anchors = new Map<string, { offsets: number[]; nodes: Node[] }>();
  visit(document, {
    Node(_, node) {
      if (!node.anchor || !node.range) return;
      const defined = anchors.get(node.anchor) ?? { offsets: [], nodes: [] };
      defined.offsets.push(node.range[0]);
      defined.nodes.push(node);
      anchors.set(node.anchor, defined);
    },
  });
  const resolved = (node: unknown): Node | undefined => {
    if (!isAlias(node)) return node as Node | undefined;
    const defined = anchors.get(node.source);
    const before = node.range?.[0] ?? Infinity;
    // In document order, the last anchor that starts before the alias.
    return defined?.nodes[lastAtOrBefore(defined.offsets, before - 1)];
  };
  const report = (node: unknown) => {
    const value = resolved(node);
    if (!isScalar(value) || !value.range) return;
    const text = String(value.value ?? '');
    if (!isLiteralLicense(text)) return;
    // Behind an alias, the literal sits at its anchor: that is the line to fix.
    const range = value.range;
    found.push({
      start: range[0],
      end: range[1],
      what: LITERAL_LICENSE,
      rule: RULE,
    });
  };
  const keyText = (key: unknown) => {
    const node = resolved(key);
    return isScalar(node) ? String(node.value) : undefined;
  };
  visit(document, {
    Pair(_, pair) {
      const key = keyText(pair.key);
      if (key === 'SynthoLicense' || key === 'LICENSE_KEY_SIGNED')
        report(pair.value);
    },
    Map(_, map) {
      const entries = map.items.filter(isPair);
      const name = entries.find(entry => keyText(entry.key) === 'name');
      if (keyText(name?.value) !== 'LICENSE_KEY_SIGNED') return;
      report(entries.find(entry => keyText(entry.key) === 'value')?.value);
    },
  });
  return found;
}

/**
 * The YAML documents a text holds: those of a YAML file, parsed by the scan, or those of the fenced
 * code blocks of Markdown (the pull request body), each with where it starts in the text.
 */
function yamlIn({
  path,
  content,
  documents,
}: RuleText): Array<{ offset: number; documents: Document[] }> {
  // A YAML file too deep to parse: the scan reports that itself (syntho/unreadable-yaml).
  if (isYamlPath(path)) return [{ offset: 0, documents: documents ?? [] }];
  return [...content.matchAll(/^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\1/gm)].map(
    fence => ({
      offset: fence.index! + fence[0].indexOf('\n') + 1,
      documents: yamlDocuments(fence[2]) ?? [],
    }),
  );
}

/**
 * `syntho/license`: a Syntho license written into a file, in any YAML form — plain, quoted, block
 * scalars, flow maps, env entries with their keys in any order, anchors — and JWS-shaped signed keys.
 * Placeholders (`<…>`) pass.
 */
export const licenseRule: SecretRule = text => {
  const found: RuleMatch[] = [];
  for (const { offset, documents } of yamlIn(text)) {
    for (const document of documents) {
      found.push(
        ...licensesInDocument(document).map(match => ({
          ...match,
          start: match.start + offset,
          end: match.end + offset,
        })),
      );
    }
  }
  for (const shape of TEXT_SHAPES) {
    for (const match of text.content.matchAll(shape.pattern)) {
      const [start, end] = match.indices!.groups!.secret!;
      found.push({
        start,
        end,
        what: shape.what,
        rule: RULE,
      });
    }
  }
  return found;
};
