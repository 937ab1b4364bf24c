import { describe, expect, it } from 'vitest';
import { platform as nodePlatform } from '../src/platform/node.js';
import { platform as webPlatform } from '../src/platform/web.js';
import { base64UrlPadded, SigningKey } from '../src/signing-key.js';
import { applianceVectors, crossbarVectors, observedVectors } from './support/vectors.js';

describe.each([
  ['web', webPlatform],
  ['node', nodePlatform],
] as const)('%s platform', (_name, platform) => {
  it.each(crossbarVectors.map((vector) => [vector.name, vector] as const))('signs %s', async (_vector, vector) => {
    const key = SigningKey.fromSecret(vector.secret);
    const parts = [vector.key, vector.timestamp, String(vector.seq), String(vector.nonce), vector.body];

    expect(platform.hmac(key, parts)).toBe(vector.signature);
    await expect(Promise.resolve(platform.createSigner(key, 'fetch')(parts))).resolves.toBe(vector.signature);
  });

  it.each(applianceVectors.map((vector) => [vector.name, vector] as const))('signs %s', (_vector, vector) => {
    const key = SigningKey.fromSecret(vector.appsecret);

    expect(platform.hmac(key, [vector.topicuri, vector.appkey, vector.timestamp, vector.body])).toBe(vector.signature);
  });

  it('signs the observed vectors from their bytes', () => {
    for (const vector of observedVectors) {
      const key = SigningKey.fromSecret(vector.secret);
      const body = new Uint8Array(Buffer.from(vector.body_utf8_hex, 'hex'));

      expect(platform.hmac(key, [vector.key, vector.timestamp, vector.seq, vector.nonce, body])).toBe(
        vector.expected_signature,
      );
    }
  });

  it('hashes secrets longer than one block', () => {
    const key = SigningKey.fromSecret('s'.repeat(200));

    expect(platform.hmac(key, ['message'])).toBe(nodePlatform.hmac(key, ['message']));
  });

  it.each(['', 'abc', 'Grüße 🚀', '\u2028'])('counts UTF-8 bytes of %j', (text) => {
    expect(platform.byteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('compares in constant time', () => {
    expect(platform.constantTimeEqual('abc=', 'abc=')).toBe(true);
    expect(platform.constantTimeEqual('abc=', 'abd=')).toBe(false);
    expect(platform.constantTimeEqual('abc=', 'abc')).toBe(false);
  });

  it('fills random bytes', () => {
    const bytes = new Uint8Array(64);
    platform.fillRandom(bytes);

    expect(bytes.some((byte) => byte !== 0)).toBe(true);
  });
});

describe('base64UrlPadded', () => {
  it.each([0, 1, 2, 3, 4, 31, 32, 33])('matches Node for %i bytes', (length) => {
    const bytes = new Uint8Array(Array.from({ length }, (_, index) => (index * 37 + 11) % 256));
    const expected = Buffer.from(bytes).toString('base64').replaceAll('+', '-').replaceAll('/', '_');

    expect(base64UrlPadded(bytes)).toBe(expected);
  });
});

describe('SigningKey', () => {
  it('never shows the secret', () => {
    const key = SigningKey.fromSecret('very-secret');

    expect(String(key)).toBe('SigningKey([redacted])');
    expect(JSON.stringify({ key })).toBe('{"key":"[redacted]"}');
    expect(Object.keys(key)).toEqual([]);
  });
});
