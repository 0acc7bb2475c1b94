import { SecretValue } from './configSecrets';
import { RuleMatch, SecretRule } from './types';

/** Shorter base64 runs would match by chance; 8 characters cover 6 bytes of the secret. */
const MIN_BASE64_RUN = 8;

/**
 * The base64 runs that appear whenever `value` is base64-encoded inside a longer text (a Kubernetes
 * Secret's `data`, a `.dockerconfigjson`, a basic-auth header): one per byte alignment (0, 1 or 2
 * bytes before it), without the characters its neighbours decide, in standard and URL-safe
 * alphabets, each without padding.
 */
function base64Runs(value: string): string[] {
  const runs = new Set<string>();
  for (const offset of [0, 1, 2]) {
    const bytes = Buffer.concat([Buffer.alloc(offset), Buffer.from(value)]);
    const wholeGroups = Math.floor(bytes.length / 3) * 3;
    // The first group holds `offset` foreign bytes when offset > 0: its 4 characters are not ours.
    const run = bytes
      .subarray(0, wholeGroups)
      .toString('base64')
      .slice(offset > 0 ? 4 : 0);
    if (run.length < MIN_BASE64_RUN) continue;
    runs.add(run);
    runs.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...runs];
}

/** Every start of `needle` in `haystack`. */
function indexesOf(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (
    let index = haystack.indexOf(needle);
    index >= 0;
    index = haystack.indexOf(needle, index + needle.length)
  )
    found.push(index);
  return found;
}

/**
 * `content` without its whitespace, and where each of its characters was. Base64 and hex are
 * wrapped at will (coreutils `base64` every 76 columns, PEM every 64) and then indented into a YAML
 * block scalar or folded over lines: without the whitespace, the encoded secret reads whole again.
 */
function withoutWhitespace(content: string) {
  const text = content.replace(/\s+/g, '');
  const positions = new Int32Array(text.length);
  let kept = 0;
  for (const run of content.matchAll(/\S+/g))
    for (let i = 0; i < run[0].length; i++) positions[kept++] = run.index! + i;
  return { text, positions };
}

interface Needle {
  text: string;
  what: string;
  /** Encoded, so it may be wrapped over lines: looked for with the whitespace taken out. */
  wrappable: boolean;
}

/**
 * `syntho/configured-value`: the secrets of the loaded config (see `secretValuesFromConfig`), as
 * they are, percent-encoded (in a URL), and base64- or hex-encoded, the last two also when wrapped
 * over lines.
 */
export function configuredValueRule(secrets: SecretValue[]): SecretRule {
  const needles: Needle[] = secrets.flatMap(secret => {
    const hex = Buffer.from(secret.value).toString('hex');
    return [
      {
        text: secret.value,
        what: `the value of ${secret.label}`,
        wrappable: false,
      },
      ...[
        ...new Set([
          encodeURIComponent(secret.value),
          // Some encoders write the hex digits in lower case.
          encodeURIComponent(secret.value).replace(/%[0-9A-F]{2}/g, escape =>
            escape.toLowerCase(),
          ),
        ]),
      ]
        .filter(encoded => encoded !== secret.value)
        .map(encoded => ({
          text: encoded,
          what: `the value of ${secret.label}, percent-encoded`,
          wrappable: false,
        })),
      ...base64Runs(secret.value).map(run => ({
        text: run,
        what: `the value of ${secret.label}, base64-encoded`,
        wrappable: true,
      })),
      ...[...new Set([hex, hex.toUpperCase()])].map(encoded => ({
        text: encoded,
        what: `the value of ${secret.label}, hex-encoded`,
        wrappable: true,
      })),
    ];
  });
  return ({ content }) => {
    if (needles.length === 0) return [];
    const compact = withoutWhitespace(content);
    return needles.flatMap(needle =>
      needle.wrappable
        ? indexesOf(compact.text, needle.text).map(
            (start): RuleMatch => ({
              start: compact.positions[start],
              end: compact.positions[start + needle.text.length - 1] + 1,
              what: needle.what,
              rule: 'syntho/configured-value',
              secretLength: needle.text.length,
            }),
          )
        : indexesOf(content, needle.text).map(
            (start): RuleMatch => ({
              start,
              end: start + needle.text.length,
              what: needle.what,
              rule: 'syntho/configured-value',
            }),
          ),
    );
  };
}
