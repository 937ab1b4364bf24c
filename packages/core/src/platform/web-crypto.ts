import { type SigningKey, base64UrlPadded, signingKeyBytes, utf8 } from '../signing-key.js';
import type { Signer } from './types.js';

/**
 * Returns a signer that computes HMAC-SHA256 with Web Crypto (`crypto.subtle`). The key is
 * imported once, on first use.
 */
export function createWebCryptoSigner(key: SigningKey): Signer {
  let imported: ReturnType<typeof globalThis.crypto.subtle.importKey> | undefined;

  return async (parts) => {
    imported ??= globalThis.crypto.subtle.importKey(
      'raw',
      signingKeyBytes(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const message = utf8(parts.join(''));
    const signature = await globalThis.crypto.subtle.sign('HMAC', await imported, message);

    return base64UrlPadded(new Uint8Array(signature));
  };
}

/** Compares two strings without stopping at the first difference. */
export function compareInConstantTime(expected: string, actual: string): boolean {
  const left = utf8(expected);
  const right = utf8(actual);
  if (left.length !== right.length) {
    return false;
  }
  let difference = 0;
  for (let index = 0; index < left.length; index++) {
    difference |= left[index]! ^ right[index]!;
  }

  return difference === 0;
}
