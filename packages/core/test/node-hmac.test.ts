import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHmacSha256Signer } from '../src/platform/node-hmac.js';
import { platform } from '../src/platform/node.js';
import { SigningKey } from '../src/signing-key.js';
import { crossbarVectors } from './support/vectors.js';

function reference(secret: Uint8Array, message: string): string {
  return `${createHmac('sha256', secret).update(message, 'utf8').digest('base64url')}=`;
}

describe('HMAC-SHA256 signer', () => {
  it.each(crossbarVectors.map((vector) => [vector.name, vector] as const))('signs %s', (_name, vector) => {
    const sign = platform.createSigner(SigningKey.fromSecret(vector.secret), 'node');
    const parts = [vector.key, vector.timestamp, String(vector.seq), String(vector.nonce), vector.body];

    expect(sign(parts)).toBe(vector.signature);
  });

  it.each([
    ['empty message', 1, ''],
    ['one byte short of the buffer', 16, 'a'.repeat(8191)],
    ['exactly the buffer', 16, 'a'.repeat(8192)],
    ['one byte over the buffer', 16, 'a'.repeat(8193)],
    ['three-byte characters at the edge', 16, `${'a'.repeat(8190)}€€`],
    ['a lone surrogate', 16, `x\ud800y`],
    ['a long message', 16, 'Grüße 🚀'.repeat(5000)],
    ['a 64-byte key', 64, 'message'],
    ['a key over one block', 200, 'message'],
  ])('matches createHmac for %s', (_case, keyBytes, message) => {
    const secret = new Uint8Array(keyBytes).map((_, index) => (index * 37 + 11) % 256);

    expect(createHmacSha256Signer(secret)([message])).toBe(reference(secret, message));
  });

  it('matches createHmac for random keys and parts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 150 }), fc.array(fc.string({ unit: 'grapheme' })), (secret, parts) => {
        const sign = createHmacSha256Signer(secret);

        expect(sign(parts)).toBe(reference(secret, parts.join('')));
        expect(sign(parts)).toBe(reference(secret, parts.join('')));
      }),
    );
  });
});
