import { InvalidArgumentError } from './errors.js';

const encoder = new TextEncoder();
const secretBytes = new WeakMap<SigningKey, Uint8Array>();

/**
 * A shared secret prepared once for signing. It keeps the secret's UTF-8 bytes out of
 * enumerable properties, `toString()`, `JSON.stringify` and `util.inspect`.
 *
 * @example
 * ```ts
 * const key = createSigningKey(process.env.PUSH_SECRET!);
 * signCrossbarRequest(key, { key: 'foobar', timestamp, seq: 1, nonce: 7, body });
 * ```
 */
export class SigningKey {
  /** Use {@link createSigningKey}. */
  private constructor(bytes: Uint8Array) {
    secretBytes.set(this, bytes);
  }

  /** @internal Creates a key from a non-empty secret string. */
  static fromSecret(secret: string): SigningKey {
    return new SigningKey(encoder.encode(secret));
  }

  /** Returns a description that never contains the secret. */
  toString(): string {
    return 'SigningKey([redacted])';
  }

  /** Serialises to a placeholder, never the secret. */
  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Returns the secret bytes of a {@link SigningKey}; internal to the package. */
export function signingKeyBytes(key: SigningKey): Uint8Array {
  const bytes = secretBytes.get(key);
  if (bytes === undefined) {
    throw new InvalidArgumentError('Invalid secret: this SigningKey was not made by createSigningKey().');
  }

  return bytes;
}

/** Tells whether `value` is a {@link SigningKey} made by this copy of the package. */
export function isSigningKey(value: unknown): value is SigningKey {
  return typeof value === 'object' && value !== null && secretBytes.has(value as SigningKey);
}

/** Encodes text as UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Encodes bytes as base64url and keeps the `=` padding, as both push bridges require. */
export function base64UrlPadded(bytes: Uint8Array): string {
  let output = '';
  let index = 0;
  for (; index + 2 < bytes.length; index += 3) {
    const chunk = (bytes[index]! << 16) | (bytes[index + 1]! << 8) | bytes[index + 2]!;
    output +=
      ALPHABET[(chunk >> 18) & 63]! +
      ALPHABET[(chunk >> 12) & 63]! +
      ALPHABET[(chunk >> 6) & 63]! +
      ALPHABET[chunk & 63]!;
  }
  const rest = bytes.length - index;
  if (rest === 1) {
    const chunk = bytes[index]! << 16;
    output += `${ALPHABET[(chunk >> 18) & 63]}${ALPHABET[(chunk >> 12) & 63]}==`;
  } else if (rest === 2) {
    const chunk = (bytes[index]! << 16) | (bytes[index + 1]! << 8);
    output += `${ALPHABET[(chunk >> 18) & 63]}${ALPHABET[(chunk >> 12) & 63]}${ALPHABET[(chunk >> 6) & 63]}=`;
  }

  return output;
}
