import {
  requireBody,
  requireDecimal,
  requireObject,
  requireSecret,
  requireString,
} from './input-checks.js';
import { platform } from './platform/current.js';
import { SigningKey } from './signing-key.js';

/** A secret as a UTF-8 string, or a {@link SigningKey} made once with {@link createSigningKey}. */
export type Secret = string | SigningKey;

/** The parts of a Crossbar request that its signature covers, as sent. */
export interface CrossbarSignatureInput {
  /** Application key, exactly as put in the query string before percent-encoding. */
  key: string;
  /** Timestamp string from the query, for example `2026-12-04T19:36:51.123Z`. */
  timestamp: string;
  /** Sequence number, as its decimal string in the query. */
  seq: string | number;
  /** Nonce, as its decimal string in the query. */
  nonce: string | number;
  /** The exact body bytes sent (a string is encoded as UTF-8). */
  body: string | Uint8Array;
}

/** The parts of an appliance request that its signature covers, as sent. */
export interface ApplianceSignatureInput {
  /** Topic URI from the `topicuri` query parameter. */
  topic: string;
  /** Application key from the `appkey` query parameter. */
  key: string;
  /** Timestamp string, for example `2012-10-14T16:59:51Z`. */
  timestamp: string;
  /** The exact body bytes sent (a string is encoded as UTF-8). */
  body: string | Uint8Array;
}

/**
 * Turns a secret into a {@link SigningKey} once, so signing many requests does not
 * re-encode it and the secret does not sit in a plain property.
 */
export function createSigningKey(secret: string): SigningKey {
  return SigningKey.fromSecret(requireString(secret, 'secret'));
}

/**
 * Signs a Crossbar HTTP bridge request:
 * base64url with `=` padding of HMAC-SHA256(secret, key ‖ timestamp ‖ seq ‖ nonce ‖ body).
 *
 * @example
 * ```ts
 * signCrossbarRequest('secret', { key: 'foobar', timestamp, seq: 1, nonce: 7, body })
 * // 'XRNdSUHjdJiGmIY_OKJ7-x5ciNQPtAJ7D-RXq4EYoU4='
 * ```
 */
export function signCrossbarRequest(secret: Secret, input: CrossbarSignatureInput): string {
  const fields = requireObject(input, 'signature input');

  return computeCrossbarSignature(requireSecret(secret), {
    key: requireString(fields.key, 'key'),
    timestamp: requireString(fields.timestamp, 'timestamp'),
    seq: requireDecimal(fields.seq, 'seq'),
    nonce: requireDecimal(fields.nonce, 'nonce'),
    body: requireBody(fields.body),
  });
}

/** Computes a Crossbar signature from checked input. */
export function computeCrossbarSignature(secret: Secret, input: CrossbarSignatureInput): string {
  return platform.hmac(toKey(secret), [
    input.key,
    input.timestamp,
    String(input.seq),
    String(input.nonce),
    input.body,
  ]);
}

/**
 * Signs an appliance push request:
 * base64url with `=` padding of HMAC-SHA256(secret, topic ‖ key ‖ timestamp ‖ body).
 */
export function signApplianceRequest(secret: Secret, input: ApplianceSignatureInput): string {
  const fields = requireObject(input, 'signature input');

  return computeApplianceSignature(requireSecret(secret), {
    topic: requireString(fields.topic, 'topic'),
    key: requireString(fields.key, 'key'),
    timestamp: requireString(fields.timestamp, 'timestamp'),
    body: requireBody(fields.body),
  });
}

/** Computes an appliance signature from checked input. */
export function computeApplianceSignature(secret: Secret, input: ApplianceSignatureInput): string {
  return platform.hmac(toKey(secret), [input.topic, input.key, input.timestamp, input.body]);
}

/**
 * Checks a Crossbar request's signature in constant time, as a server would.
 *
 * @returns `true` only when `signature` is exactly the padded base64url HMAC of `input`.
 */
export function verifyCrossbarSignature(
  secret: Secret,
  input: CrossbarSignatureInput,
  signature: string,
): boolean {
  return equalInConstantTime(signCrossbarRequest(secret, input), requireString(signature, 'signature', true));
}

/** Checks an appliance request's signature in constant time, as a server would. */
export function verifyApplianceSignature(
  secret: Secret,
  input: ApplianceSignatureInput,
  signature: string,
): boolean {
  return equalInConstantTime(signApplianceRequest(secret, input), requireString(signature, 'signature', true));
}

function toKey(secret: Secret): SigningKey {
  return typeof secret === 'string' ? SigningKey.fromSecret(secret) : secret;
}

function equalInConstantTime(expected: string, actual: string): boolean {
  return platform.constantTimeEqual(expected, actual);
}
