import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { isPlainObject } from './publish-options.js';

/** Retry settings of a {@link Client}; `retry: false` turns retries off. */
export interface RetryOptions {
  /**
   * Retries after the first attempt. A failover to the next URL after a connection failure
   * does not use one up until every URL has failed once.
   * @default 2
   */
  retries?: number;
  /** Base of the exponential backoff in milliseconds. @default 100 */
  minDelay?: number;
  /** Cap of the backoff in milliseconds. @default 5000 */
  maxDelay?: number;
  /**
   * Longest `Retry-After` (429, 503) the client waits for, in milliseconds; a longer one
   * fails the push with the router's response instead.
   * @default 30000
   */
  maxRetryAfter?: number;
  /**
   * Also retry timeouts, connection resets after the request was written, and 5xx other
   * than 503. The event may then be published twice.
   * @default false
   */
  unsafe?: boolean;
}

/** {@link RetryOptions} after validation. */
export interface RetryPolicy {
  retries: number;
  minDelay: number;
  maxDelay: number;
  maxRetryAfter: number;
  unsafe: boolean;
}

const DEFAULT_POLICY: RetryPolicy = {
  retries: 2,
  minDelay: 100,
  maxDelay: 5_000,
  maxRetryAfter: 30_000,
  unsafe: false,
};
const NO_RETRY: RetryPolicy = { ...DEFAULT_POLICY, retries: 0 };

/**
 * Validates the `retry` option.
 *
 * @throws {InvalidArgumentError} naming the member and the expected type.
 */
export function normalizeRetry(retry: unknown): RetryPolicy {
  if (retry === undefined || retry === true) {
    return DEFAULT_POLICY;
  }
  if (retry === false) {
    return NO_RETRY;
  }
  if (!isPlainObject(retry)) {
    throw new InvalidArgumentError(
      `Invalid retry ${describeValue(retry)}: pass false, or an object such as { retries: 3 }.`,
    );
  }
  const known = ['retries', 'minDelay', 'maxDelay', 'maxRetryAfter', 'unsafe'];
  for (const name of Object.keys(retry)) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(
        `Unknown retry option "${name}": supported options are ${known.join(', ')}.`,
      );
    }
  }
  if (retry.unsafe !== undefined && typeof retry.unsafe !== 'boolean') {
    throw new InvalidArgumentError(
      `Invalid retry.unsafe ${describeValue(retry.unsafe)}: pass true or false.`,
    );
  }

  return {
    retries: integerIn(retry.retries, 'retry.retries', DEFAULT_POLICY.retries, 0, 100),
    minDelay: integerIn(retry.minDelay, 'retry.minDelay', DEFAULT_POLICY.minDelay, 0, 3_600_000),
    maxDelay: integerIn(retry.maxDelay, 'retry.maxDelay', DEFAULT_POLICY.maxDelay, 0, 3_600_000),
    maxRetryAfter: integerIn(
      retry.maxRetryAfter,
      'retry.maxRetryAfter',
      DEFAULT_POLICY.maxRetryAfter,
      0,
      3_600_000,
    ),
    unsafe: retry.unsafe ?? false,
  };
}

/**
 * Returns the delay before retry number `retry` (1-based): exponential backoff with full
 * jitter, a random point in [0, min(maxDelay, minDelay * 2^(retry-1))].
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelay, policy.minDelay * 2 ** (retry - 1));

  return Math.round(random() * ceiling);
}

/**
 * Parses a `Retry-After` header (delay in seconds, or an HTTP date) into milliseconds
 * from `now`. Returns `undefined` for a missing or unreadable value.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1_000;
  }
  const date = Date.parse(trimmed);

  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function integerIn(value: unknown, name: string, fallback: number, min: number, max: number) {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass an integer from ${min} to ${max}.`,
    );
  }

  return value;
}
