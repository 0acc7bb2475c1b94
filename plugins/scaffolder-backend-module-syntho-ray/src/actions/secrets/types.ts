import type { Document } from 'yaml';

/**
 * Where a secret was found, by which rule, and how long it is; never the secret itself.
 *
 * @public
 */
export interface SecretFinding {
  /** The file, or `pull request title` / `pull request body`. */
  file: string;
  /** 1-based line of the secret's first character. */
  line: number;
  /** What kind of secret, in words. */
  what: string;
  /** The rule that found it: `syntho/…` for ours, `@secretlint/secretlint-rule-…` for secretlint's. */
  rule: string;
  /** The secret masked: asterisks and its length, so a reviewer can tell findings apart. */
  masked: string;
}

/**
 * A text bound for Git or the pull request, by the name findings use for it.
 *
 * @public
 */
export interface ScannedText {
  path: string;
  content: string;
}

/**
 * A text as the rules see it: a YAML file comes with its documents, parsed once for all rules, and
 * without them when it nests too deep to parse (see `yamlDocuments`).
 */
export interface RuleText extends ScannedText {
  documents?: Document[];
}

/** A match of one rule: where it starts and ends in the text (the secret's range). */
export interface RuleMatch {
  start: number;
  end: number;
  what: string;
  rule: string;
  /** How long the secret is, when the range covers more (a YAML value that holds it). */
  secretLength?: number;
}

/** One rule of the scan: the secrets it sees in a text. */
export type SecretRule = (text: RuleText) => RuleMatch[] | Promise<RuleMatch[]>;
