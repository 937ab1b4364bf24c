import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { isPlainObject } from './publish-options.js';
import { type SigningKey, isSigningKey } from './signing-key.js';

/** Checks that `value` is an object literal, naming it `name` in the error. */
export function requireObject(value: unknown, name: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError(`Invalid ${name} ${describeValue(value)}: pass an object.`);
  }

  return value;
}

/** Checks that `value` is a string (non-empty unless `allowEmpty`). */
export function requireString(value: unknown, name: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass a${allowEmpty ? '' : ' non-empty'} string.`,
    );
  }

  return value;
}

/** Checks a seq or nonce: a non-negative safe integer, or its decimal string. */
export function requireDecimal(value: unknown, name: string): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2 ** 53) {
    return String(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    return value;
  }
  throw new InvalidArgumentError(
    `Invalid ${name} ${describeValue(value)}: pass a non-negative integer or its decimal string.`,
  );
}

/** Checks a request body: the exact text or bytes to sign and send. */
export function requireBody(value: unknown, name = 'body'): string | Uint8Array {
  if (typeof value === 'string' || value instanceof Uint8Array) {
    return value;
  }
  throw new InvalidArgumentError(
    `Invalid ${name} ${describeValue(value)}: pass the exact body as a string or a Uint8Array.`,
  );
}

/** Checks a signing secret: a non-empty string or a {@link SigningKey}. */
export function requireSecret(value: unknown): string | SigningKey {
  if ((typeof value === 'string' && value.length > 0) || isSigningKey(value)) {
    return value;
  }
  throw new InvalidArgumentError(
    'Invalid secret: pass the shared secret as a non-empty string or a SigningKey from createSigningKey().',
  );
}

/** Checks a URL given as a string or `URL`. */
export function requireUrl(value: unknown, name = 'url'): string {
  if (value instanceof URL) {
    return value.href;
  }
  if (typeof value === 'string' && value.length > 0) {
    return value;
  }
  throw new InvalidArgumentError(
    `Invalid ${name} ${describeValue(value)}: pass the endpoint URL as a string or URL.`,
  );
}

/** Checks optional credentials: `{ key, secret }`. */
export function optionalCredentials(
  value: unknown,
): { key: string; secret: string | SigningKey } | undefined {
  if (value === undefined) {
    return undefined;
  }
  const credentials = requireObject(value, 'credentials');

  return {
    key: requireString(credentials.key, 'credentials.key'),
    secret: requireSecret(credentials.secret),
  };
}

/** Checks optional extra headers: an object of string values. */
export function optionalHeaders(value: unknown): Record<string, string> | undefined {
  if (value === undefined) {
    return undefined;
  }
  const headers = requireObject(value, 'headers');
  for (const [name, header] of Object.entries(headers)) {
    if (typeof header !== 'string') {
      throw new InvalidArgumentError(
        `Invalid value ${describeValue(header)} for header "${name}": pass a string.`,
      );
    }
  }

  return headers as Record<string, string>;
}

/** Checks an optional list of strings, such as appliance session IDs. */
export function optionalStringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidArgumentError(`Invalid ${name} ${describeValue(value)}: pass an array of strings.`);
  }

  return value;
}
