import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { FetchTransport } from '../fetch-transport.js';
import { type SigningKey, signingKeyBytes } from '../signing-key.js';
import { createHmacSha256Signer } from './node-hmac.js';
import { SocketTransport } from './socket-transport.js';
import type { Platform } from './types.js';
import { createWebCryptoSigner } from './web-crypto.js';

function hmac(key: SigningKey, parts: readonly (string | Uint8Array)[]): string {
  // Raw key bytes set up an HMAC faster than a KeyObject does (Node.js 20 to 24).
  const digest = createHmac('sha256', signingKeyBytes(key));
  // One update of the joined text costs less than one per part; bytes go in as they are.
  if (parts.every((part) => typeof part === 'string')) {
    digest.update(parts.join(''), 'utf8');
  } else {
    for (const part of parts) {
      digest.update(part);
    }
  }

  // Node's base64url drops the `=` padding that both bridges require; a SHA-256 HMAC
  // always needs exactly one.
  return `${digest.digest('base64url')}=`;
}

/** The Node.js build: keep-alive HTTP/1.1 connections on node:net and node:tls, and node:crypto. */
export const platform: Platform = {
  defaultTransport: 'node',
  byteLength: (text) => Buffer.byteLength(text, 'utf8'),
  hmac,
  createSigner: (key, transport) =>
    transport === 'fetch' ? createWebCryptoSigner(key) : createHmacSha256Signer(signingKeyBytes(key)),
  constantTimeEqual(expected, actual) {
    const left = Buffer.from(expected, 'utf8');
    const right = Buffer.from(actual, 'utf8');

    return left.length === right.length && timingSafeEqual(left, right);
  },
  fillRandom: (target) => {
    randomFillSync(target);
  },
  createTransport: (kind, origin, settings) =>
    kind === 'fetch' ? new FetchTransport(origin, settings) : new SocketTransport(origin, settings),
  channel: (name) => diagnostics.channel(name),
};
