import { type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import {
  requireBody,
  requireDecimal,
  requireObject,
  requireSecret,
  requireString,
} from './input-checks.js';

/** A secret as a UTF-8 string, or a `KeyObject` made once with {@link createSigningKey}. */
export type Secret = string | KeyObject;

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
 * Turns a secret into a `KeyObject` once, so signing many requests does not re-encode it
 * and the secret does not sit in a plain property.
 */
export function createSigningKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(requireString(secret, 'secret'), 'utf8'));
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

/** Computes a Crossbar signature from checked input; the client's hot path calls it directly. */
export function computeCrossbarSignature(secret: Secret, input: CrossbarSignatureInput): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(input.key, 'utf8');
  hmac.update(input.timestamp, 'utf8');
  hmac.update(String(input.seq), 'utf8');
  hmac.update(String(input.nonce), 'utf8');
  updateBody(hmac, input.body);

  return padBase64Url(hmac.digest('base64url'));
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
  const hmac = createHmac('sha256', secret);
  hmac.update(input.topic, 'utf8');
  hmac.update(input.key, 'utf8');
  hmac.update(input.timestamp, 'utf8');
  updateBody(hmac, input.body);

  return padBase64Url(hmac.digest('base64url'));
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

function updateBody(hmac: ReturnType<typeof createHmac>, body: string | Uint8Array): void {
  if (typeof body === 'string') {
    hmac.update(body, 'utf8');
  } else {
    hmac.update(body);
  }
}

// Node's base64url drops the `=` padding, which both bridges require.
function padBase64Url(unpadded: string): string {
  const remainder = unpadded.length % 4;

  return remainder === 0 ? unpadded : unpadded + '='.repeat(4 - remainder);
}

function equalInConstantTime(expected: string, actual: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  const actualBytes = Buffer.from(actual, 'utf8');
  if (expectedBytes.length !== actualBytes.length) {
    return false;
  }

  return timingSafeEqual(expectedBytes, actualBytes);
}
