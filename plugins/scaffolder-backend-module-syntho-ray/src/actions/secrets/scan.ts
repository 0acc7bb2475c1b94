import { visit } from 'yaml';
import { SecretValue } from './configSecrets';
import { configuredValueRule } from './configuredValueRule';
import { lastAtOrBefore } from './lastAtOrBefore';
import { licenseRule } from './licenseRule';
import { secretlintRule } from './secretlintRule';
import {
  RuleMatch,
  RuleText,
  ScannedText,
  SecretFinding,
  SecretRule,
} from './types';
import { isYamlPath, MAX_FLOW_DEPTH, yamlDocuments } from './yamlDocuments';

/** The header of a PEM private key (`-----BEGIN RSA PRIVATE KEY-----`, …). */
const PEM_PRIVATE_KEY_HEADER = /-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----/;

/**
 * Private keys that need no more than their first characters to be recognized; `confirm`, where
 * given, decides on what the pattern matched.
 */
const PRIVATE_KEY_SHAPES: Array<{
  what: string;
  pattern: RegExp;
  confirm?: (match: string) => boolean;
}> = [
  {
    // secretlint's rule wants a whole key; half of one, or one with its lines broken differently,
    // does not belong in Git either.
    what: 'a PEM private key',
    pattern: new RegExp(PEM_PRIVATE_KEY_HEADER, 'g'),
  },
  {
    // A Kubernetes Secret's `data` and a kubeconfig's `client-key-data` hold PEM base64-encoded:
    // `LS0tLS1CRUdJTi` is base64 of "-----BEGIN ", and the characters after it say what begins.
    what: 'a PEM private key, base64-encoded',
    pattern: /LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}/g,
    confirm: match =>
      PEM_PRIVATE_KEY_HEADER.test(
        Buffer.from(match.slice(0, 80), 'base64').toString('latin1'),
      ),
  },
  {
    what: 'a PuTTY private key',
    pattern: /PuTTY-User-Key-File-/g,
  },
  {
    // base64 of "openssh-key-v1", which starts every OpenSSH private key body: a key pasted
    // without its BEGIN line is still one.
    what: 'an OpenSSH private key',
    pattern: /b3BlbnNzaC1rZXktdjE/g,
  },
];

/**
 * `syntho/private-key`: the start of a PEM private key (also base64-encoded), a PuTTY key file, or
 * an OpenSSH private key body, whatever follows it.
 */
const privateKeyRule: SecretRule = ({ content }) =>
  PRIVATE_KEY_SHAPES.flatMap(({ what, pattern, confirm }) =>
    [...content.matchAll(pattern)]
      .filter(match => !confirm || confirm(match[0]))
      .map(match => ({
        start: match.index!,
        end: match.index! + match[0].length,
        what,
        rule: 'syntho/private-key',
      })),
  );

/**
 * `syntho/unreadable-yaml`: a YAML file that nests too deep for the scan to parse. The scan fails
 * closed: what it cannot read, it does not let through.
 */
const unreadableYamlRule: SecretRule = ({ path, documents }) =>
  isYamlPath(path) && !documents
    ? [
        {
          start: 0,
          end: 0,
          what: `YAML nested deeper than ${MAX_FLOW_DEPTH} levels, which the scan does not read`,
          rule: 'syntho/unreadable-yaml',
        },
      ]
    : [];

/** The rules of the scan: ours, then the maintained set. */
function secretRules(secrets: SecretValue[]): SecretRule[] {
  return [
    configuredValueRule(secrets),
    unreadableYamlRule,
    licenseRule,
    privateKeyRule,
    secretlintRule,
  ];
}

/**
 * The string values of a YAML file that its text does not show as they are: escaped (`"\x67hp_…"`),
 * folded over lines, or in block scalars. A pattern run over the text can miss a secret in them, so
 * the rules also run over each value, and a match is placed on the value.
 */
function reencodedValues({
  content,
  documents,
}: RuleText): Array<{ start: number; end: number; value: string }> {
  const values: Array<{ start: number; end: number; value: string }> = [];
  for (const document of documents ?? []) {
    visit(document, {
      Scalar(_, node) {
        if (typeof node.value !== 'string' || !node.range) return;
        const [start, end] = node.range;
        if (content.slice(start, end).includes(node.value)) return;
        values.push({ start, end, value: node.value });
      },
    });
  }
  return values;
}

/**
 * What the rules find in `text` (parsed once, when it is YAML, for all of them), and in its values
 * that the text does not show as they are. Those values are scanned together, one per line, so a
 * file of many small escaped values costs one run.
 */
async function matchesIn(
  scanned: ScannedText,
  rules: SecretRule[],
): Promise<{ inText: RuleMatch[]; inValues: RuleMatch[] }> {
  const run = async (text: RuleText) =>
    (await Promise.all(rules.map(rule => rule(text)))).flat();
  const text: RuleText = isYamlPath(scanned.path)
    ? { ...scanned, documents: yamlDocuments(scanned.content) }
    : scanned;
  const inText = await run(text);
  const values = reencodedValues(text);
  if (values.length === 0) return { inText, inValues: [] };
  const offsets: number[] = [];
  let offset = 0;
  for (const { value } of values) {
    offsets.push(offset);
    offset += value.length + 1;
  }
  const inValues = (
    await run({
      path: `${text.path} (its values)`,
      content: values.map(({ value }) => value).join('\n'),
    })
  ).map(match => {
    const { start, end } = values[lastAtOrBefore(offsets, match.start)];
    return {
      ...match,
      start,
      end,
      secretLength: match.secretLength ?? match.end - match.start,
    };
  });
  return { inText, inValues };
}

/**
 * Per rule, the matches sorted by start with the furthest end so far: whether a range overlaps one
 * of the first `count` matches of its rule (all of them by default) costs a logarithm.
 */
function overlapIndex(matches: RuleMatch[]) {
  const byRule = new Map<
    string,
    { starts: number[]; furthestEnds: number[] }
  >();
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    const sorted = byRule.get(match.rule) ?? { starts: [], furthestEnds: [] };
    byRule.set(match.rule, sorted);
    sorted.furthestEnds.push(
      Math.max(match.end, sorted.furthestEnds.at(-1) ?? -1),
    );
    sorted.starts.push(match.start);
  }
  return ({ rule, start, end }: RuleMatch, count = Infinity) => {
    const sorted = byRule.get(rule);
    if (!sorted) return false;
    // The last match that starts before `end`; any overlap among those up to it ends after `start`.
    const last = Math.min(lastAtOrBefore(sorted.starts, end - 1), count - 1);
    return last >= 0 && sorted.furthestEnds[last] > start;
  };
}

/** `matches` in order of start, without those that overlap an earlier one of the same rule. */
function firstOfEachOverlap(matches: RuleMatch[]): RuleMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start);
  const overlapsEarlier = overlapIndex(sorted);
  const seen = new Map<string, number>();
  return sorted.filter(match => {
    const earlier = seen.get(match.rule) ?? 0;
    seen.set(match.rule, earlier + 1);
    return !overlapsEarlier(match, earlier);
  });
}

/**
 * One finding per secret, however many ways it was seen: a match is dropped when it overlaps one of
 * the same rule before it. A match in the text comes before one in a value, since it says more
 * precisely where the secret is; otherwise the earlier start comes first.
 */
function withoutOverlaps({
  inText,
  inValues,
}: {
  inText: RuleMatch[];
  inValues: RuleMatch[];
}): RuleMatch[] {
  const overlapsText = overlapIndex(inText);
  return [
    ...firstOfEachOverlap(inText),
    ...firstOfEachOverlap(inValues.filter(match => !overlapsText(match))),
  ].sort((a, b) => a.start - b.start);
}

/** The secret masked: never a character of it, only how long it is. */
const maskSecret = (length: number) =>
  length === 0
    ? 'no value'
    : `${'*'.repeat(Math.min(length, 8))} (${length} characters)`;

/**
 * Scans texts bound for Git or a pull request with our rules (the config's secrets and their base64,
 * Syntho licenses in any YAML form, the start of PEM, PuTTY and OpenSSH private keys) and
 * secretlint's recommended preset; in
 * YAML files also each string value the text shows escaped, folded or as a block. Findings name the
 * text, line and rule, and mask the secret.
 *
 * @public
 */
export async function scanForSecrets(
  texts: ScannedText[],
  secrets: SecretValue[],
): Promise<SecretFinding[]> {
  const rules = secretRules(secrets);
  const findings: SecretFinding[] = [];
  for (const text of texts) {
    const matches = await matchesIn(text, rules);
    const lineStarts = [0];
    for (
      let i = text.content.indexOf('\n');
      i >= 0;
      i = text.content.indexOf('\n', i + 1)
    )
      lineStarts.push(i + 1);
    for (const match of withoutOverlaps(matches)) {
      findings.push({
        file: text.path,
        line: lastAtOrBefore(lineStarts, match.start) + 1,
        what: match.what,
        rule: match.rule,
        masked: maskSecret(match.secretLength ?? match.end - match.start),
      });
    }
  }
  return findings;
}
