import { visit } from 'yaml';
import { SecretValue } from './configSecrets';
import { configuredValueRule } from './configuredValueRule';
import { licenseRule } from './licenseRule';
import { secretlintRule } from './secretlintRule';
import { RuleMatch, ScannedText, SecretFinding, SecretRule } from './types';
import { MAX_FLOW_DEPTH, yamlDocuments } from './yamlDocuments';

/**
 * `syntho/private-key`: the header of a PEM private key, whatever follows it. secretlint's rule wants
 * a whole key; half of one, or one with its lines broken differently, does not belong in Git either.
 */
const privateKeyRule: SecretRule = ({ content }) =>
  [...content.matchAll(/-----BEGIN[ A-Z0-9]*PRIVATE KEY( BLOCK)?-----/g)].map(
    match => ({
      start: match.index!,
      end: match.index! + match[0].length,
      what: 'a PEM private key',
      rule: 'syntho/private-key',
    }),
  );

/** Whether a text is YAML, which the rules also read as YAML. */
const isYaml = ({ path }: ScannedText) => /\.(ya?ml|json)$/i.test(path);

/**
 * `syntho/unreadable-yaml`: a YAML file that nests too deep for the scan to parse. The scan fails
 * closed: what it cannot read, it does not let through.
 */
const unreadableYamlRule: SecretRule = text =>
  isYaml(text) && yamlDocuments(text.content) === undefined
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
function reencodedValues(
  text: ScannedText,
): Array<{ start: number; end: number; value: string }> {
  if (!isYaml(text)) return [];
  const values: Array<{ start: number; end: number; value: string }> = [];
  for (const document of yamlDocuments(text.content) ?? []) {
    visit(document, {
      Scalar(_, node) {
        if (typeof node.value !== 'string' || !node.range) return;
        const [start, end] = node.range;
        if (text.content.slice(start, end).includes(node.value)) return;
        values.push({ start, end, value: node.value });
      },
    });
  }
  return values;
}

/**
 * Whether a range overlaps one of `matches` of the same rule: per rule, the matches sorted by start
 * with the furthest end so far, searched by halving, so each question costs a logarithm.
 */
function overlapTest(matches: RuleMatch[]) {
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
  return ({ rule, start, end }: RuleMatch) => {
    const sorted = byRule.get(rule);
    if (!sorted) return false;
    // The last match that starts before `end`; any overlap ends after `start`.
    let low = -1;
    let high = sorted.starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (sorted.starts[middle] < end) low = middle;
      else high = middle - 1;
    }
    return low >= 0 && sorted.furthestEnds[low] > start;
  };
}

/**
 * What the rules find in `text`, and in its values that the text does not show as they are. Those
 * values are scanned together, one per line, so a file of many small escaped values costs one run.
 */
async function matchesIn(
  text: ScannedText,
  rules: SecretRule[],
): Promise<RuleMatch[]> {
  const run = async (scanned: ScannedText) =>
    (await Promise.all(rules.map(rule => rule(scanned)))).flat();
  const matches = await run(text);
  const values = reencodedValues(text);
  if (values.length === 0) return matches;
  const offsets: number[] = [];
  let offset = 0;
  for (const { value } of values) {
    offsets.push(offset);
    offset += value.length + 1;
  }
  /** The value a match in the joined values starts in: the last whose offset is not after it. */
  const valueAt = (index: number) => {
    let low = 0;
    let high = offsets.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (offsets[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return values[low];
  };
  const found: RuleMatch[] = [];
  for (const match of await run({
    path: `${text.path} (its values)`,
    content: values.map(({ value }) => value).join('\n'),
  })) {
    const { start, end } = valueAt(match.start);
    found.push({
      ...match,
      start,
      end,
      secretLength: match.secretLength ?? match.end - match.start,
    });
  }
  // Where the text's own match lies in the same value, it says more precisely where the secret is.
  const overlapsTextMatch = overlapTest(matches);
  return [...matches, ...found.filter(match => !overlapsTextMatch(match))];
}

/** The secret masked: never a character of it, only how long it is. */
const maskSecret = (length: number) =>
  length === 0
    ? 'no value'
    : `${'*'.repeat(Math.min(length, 8))} (${length} characters)`;

/**
 * Drops a match that overlaps an earlier one of the same rule (one secret, seen two ways). Sorted by
 * start, a match overlaps an earlier one exactly when it starts before the furthest end so far, so
 * this stays linear after the sort however many matches a hostile file holds.
 */
function withoutOverlaps(matches: RuleMatch[]): RuleMatch[] {
  const kept: RuleMatch[] = [];
  const furthestEnd = new Map<string, number>();
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    if ((furthestEnd.get(match.rule) ?? -1) > match.start) continue;
    kept.push(match);
    furthestEnd.set(match.rule, match.end);
  }
  return kept;
}

/**
 * Scans texts bound for Git or a pull request with our rules (the config's secrets and their base64,
 * Syntho licenses in any YAML form, PEM private key headers) and secretlint's recommended preset; in
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
    const lineAt = (index: number) =>
      lineStarts.filter(start => start <= index).length;
    for (const match of withoutOverlaps(matches)) {
      findings.push({
        file: text.path,
        line: lineAt(match.start),
        what: match.what,
        rule: match.rule,
        masked: maskSecret(match.secretLength ?? match.end - match.start),
      });
    }
  }
  return findings;
}
