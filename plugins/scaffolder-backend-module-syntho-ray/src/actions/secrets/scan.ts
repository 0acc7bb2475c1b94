import { SecretValue } from './configSecrets';
import { configuredValueRule } from './configuredValueRule';
import { licenseRule } from './licenseRule';
import { secretlintRule } from './secretlintRule';
import { RuleMatch, ScannedText, SecretFinding, SecretRule } from './types';

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

/** The rules of the scan: ours, then the maintained set. */
function secretRules(secrets: SecretValue[]): SecretRule[] {
  return [
    configuredValueRule(secrets),
    licenseRule,
    privateKeyRule,
    secretlintRule,
  ];
}

/** The secret masked: never a character of it, only how long it is. */
const maskSecret = (length: number) =>
  `${'*'.repeat(Math.min(length, 8))} (${length} characters)`;

/** Drops a match that overlaps an earlier one of the same rule (one secret, seen two ways). */
function withoutOverlaps(matches: RuleMatch[]): RuleMatch[] {
  const kept: RuleMatch[] = [];
  for (const match of [...matches].sort((a, b) => a.start - b.start)) {
    const overlapping = kept.some(
      other =>
        other.rule === match.rule &&
        other.start < match.end &&
        match.start < other.end,
    );
    if (!overlapping) kept.push(match);
  }
  return kept;
}

/**
 * Scans texts bound for Git or a pull request with our rules (the config's secrets and their base64,
 * Syntho licenses in any YAML form, PEM private key headers) and secretlint's recommended preset.
 * Findings name the text, line and rule, and mask the secret.
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
    const matches = (await Promise.all(rules.map(rule => rule(text)))).flat();
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
        masked: maskSecret(match.end - match.start),
      });
    }
  }
  return findings;
}
