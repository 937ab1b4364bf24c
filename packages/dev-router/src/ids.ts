import { randomBytes } from 'node:crypto';

/** Largest WAMP ID: 2^53, which a JavaScript number still represents exactly. */
export const MAX_WAMP_ID = 2 ** 53;

const LOW_53_BITS = (1n << 53n) - 1n;

/**
 * Draws a uniformly distributed random WAMP ID in [1, 2^53].
 * `crypto.randomInt()` only reaches 2^48, so the ID is built from 8 random bytes.
 */
export function randomWampId(): number {
  const value = randomBytes(8).readBigUInt64BE() & LOW_53_BITS;

  return Number(value + 1n);
}

/** Returns `true` for an integer in [0, 2^53], the range of WAMP request IDs. */
export function isWampId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_WAMP_ID;
}
