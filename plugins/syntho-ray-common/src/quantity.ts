/**
 * Kubernetes resource quantities (`500m`, `64G`, `1.5Gi`, `2e3`), parsed exactly.
 *
 * A quantity is held as a whole number of nano-units in a `bigint`, the finest precision Kubernetes
 * accepts, so comparisons and sums never round.
 */

import { quoteForMessage } from './problems';

const DECIMAL_SUFFIX_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIX_POWERS: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const QUANTITY_PATTERN =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

const NANO_PER_UNIT = 10n ** 9n;

/**
 * Why a text is not a quantity, phrased for the person who typed it.
 *
 * @public
 */
export class QuantityError extends Error {
  name = 'QuantityError';
}

/**
 * Parses a Kubernetes quantity into nano-units.
 *
 * @throws QuantityError for text that Kubernetes would reject, a negative amount, or one finer than
 *   a nano-unit.
 *
 * @public
 */
export function parseQuantity(input: string | number): bigint {
  const text = String(input);
  // Checked before the chart sees the text, which it writes as given: no spaces, no line breaks.
  const match = text.length <= 64 ? QUANTITY_PATTERN.exec(text) : null;
  if (!match) {
    throw new QuantityError(
      `"${quoteForMessage(
        text,
      )}" is not a Kubernetes quantity; write a number with an optional suffix and nothing around it, e.g. 500m, 4, 8Gi or 64G`,
    );
  }
  const [, sign, number, suffix = '', exponentText] = match;
  if (sign === '-') {
    throw new QuantityError(
      `"${text}" is negative; resources must be positive`,
    );
  }
  const [whole, fraction = ''] = number.split('.');
  const digits = BigInt(`${whole || '0'}${fraction}`);
  let numerator = digits;
  let denominator = 10n ** BigInt(fraction.length);

  if (suffix in BINARY_SUFFIX_POWERS) {
    numerator *= 2n ** BigInt(BINARY_SUFFIX_POWERS[suffix]) * NANO_PER_UNIT;
  } else {
    const exponent =
      exponentText !== undefined
        ? Number(exponentText)
        : DECIMAL_SUFFIX_EXPONENTS[suffix];
    if (Math.abs(exponent) > 100) {
      throw new QuantityError(`"${text}" is out of range`);
    }
    const nanoExponent = exponent + 9;
    if (nanoExponent >= 0) numerator *= 10n ** BigInt(nanoExponent);
    else denominator *= 10n ** BigInt(-nanoExponent);
  }

  if (numerator % denominator !== 0n) {
    throw new QuantityError(
      `"${text}" is more precise than Kubernetes allows (1n, a billionth)`,
    );
  }
  return numerator / denominator;
}

/**
 * Whether a text parses with {@link parseQuantity}.
 *
 * @public
 */
export function isQuantity(input: string | number): boolean {
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats nano-units as CPU cores for people: `16`, `0.5`, `1.25`.
 *
 * @public
 */
export function formatCpu(nano: bigint): string {
  return formatScaled(nano, NANO_PER_UNIT);
}

const GIBIBYTE = 2n ** 30n * NANO_PER_UNIT;

/**
 * Formats nano-units of bytes as GiB for people: `59.6 GiB`.
 *
 * @public
 */
export function formatMemory(nano: bigint): string {
  const tenths = (nano * 10n + GIBIBYTE / 2n) / GIBIBYTE;
  const whole = tenths / 10n;
  const rest = tenths % 10n;
  return `${whole}${rest === 0n ? '' : `.${rest}`} GiB`;
}

function formatScaled(nano: bigint, unit: bigint): string {
  const whole = nano / unit;
  const rest = nano % unit;
  if (rest === 0n) return String(whole);
  const fraction = rest.toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole}.${fraction}`;
}
