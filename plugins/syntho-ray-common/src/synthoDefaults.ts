import { parseQuantity } from './quantity';

/**
 * Syntho's documented minimum memory for the Ray head, as written in messages: below it the head is
 * OOMKilled. Validation refuses less, the health diagnosis names it and the rendered values recommend
 * it, so all three quote one figure.
 */
export const MIN_HEAD_MEMORY = '2G';

/** {@link MIN_HEAD_MEMORY} as {@link parseQuantity} gives it, for comparing with other memory sizes. */
export const MIN_HEAD_MEMORY_BYTES = parseQuantity(MIN_HEAD_MEMORY);

/**
 * The image pull Secret Syntho's installation creates: the policy's default, the name validation
 * suggests, and the one health assumes when a pod names none.
 */
export const DEFAULT_PULL_SECRET = 'syntho-cr-secret';
