import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Computes the signature both push protocols use:
 * base64url with `=` padding of HMAC-SHA256(secret, concatenated parts).
 * Crossbar.io `/publish` signs key ‖ timestamp ‖ seq ‖ nonce ‖ body, the
 * appliance `/push` signs topic ‖ appkey ‖ timestamp ‖ body.
 */
export function computeSignature(secret: string, parts: readonly Buffer[]): string {
  const hmac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const part of parts) hmac.update(part);

  return hmac.digest('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * Compares a received signature with the expected one in constant time.
 * Signatures of another length (missing padding, hex, SHA-1) never match.
 */
export function signaturesMatch(received: Buffer, expected: string): boolean {
  const expectedBytes = Buffer.from(expected, 'utf8');
  if (received.length !== expectedBytes.length) return false;

  return timingSafeEqual(received, expectedBytes);
}
