import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';

/** Largest WAMP v2 session ID: IDs are drawn from [1, 2^53]. */
export const MAX_SESSION_ID = 2 ** 53;

/**
 * Tells whether `value` is a WAMP v2 session ID: an integer in [1, 2^53].
 *
 * @example
 * ```ts
 * isSessionId(Number(req.get('x-wamp-session-id'))) // false for NaN, 0, 1.5
 * ```
 */
export function isSessionId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SESSION_ID;
}

/**
 * Validates a list of WAMP v2 session IDs given as option `name`.
 *
 * @throws {InvalidArgumentError} naming the option and the first bad entry.
 */
export function assertSessionIds(value: unknown, name: string): asserts value is number[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass an array of WAMP session IDs, for example [123456789].`,
    );
  }
  for (let index = 0; index < value.length; index++) {
    if (!isSessionId(value[index])) {
      throw new InvalidArgumentError(
        `Invalid ${name}[${index}] ${describeValue(value[index])}: a WAMP session ID is an ` +
          `integer from 1 to 2^53 (${MAX_SESSION_ID}); pass the number the router assigned ` +
          'to the session, not a string.',
      );
    }
  }
}

/**
 * Validates a list of WAMP v1 session IDs for the appliance protocol: non-empty strings
 * without commas, or WAMP v2-style integers, which are sent in decimal form.
 *
 * @returns the IDs as strings, ready to join with commas.
 * @throws {InvalidArgumentError} naming the option and the first bad entry.
 */
export function toApplianceSessionIds(value: unknown, name: string): string[] {
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass an array of session IDs, for example ["Lu0tSx0nD3ZfJ0r4"].`,
    );
  }

  return value.map((id, index) => {
    if (isSessionId(id)) {
      return String(id);
    }
    if (typeof id === 'string' && id.length > 0 && !/[,\s]/.test(id)) {
      return id;
    }
    throw new InvalidArgumentError(
      `Invalid ${name}[${index}] ${describeValue(id)}: appliance session IDs are non-empty ` +
        'strings without commas or whitespace, or integers from 1 to 2^53.',
    );
  });
}
