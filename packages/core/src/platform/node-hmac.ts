import { createHash, createHmac, hash } from 'node:crypto';

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;
const INNER_PAD = 0x36;
const OUTER_PAD = 0x5c;
// Room for the message after the inner pad. A longer message is signed with createHmac(),
// whose setup cost is small next to hashing it, so no large buffer stays allocated.
const MESSAGE_BYTES = 8192;

/**
 * Creates an HMAC-SHA256 signer for one secret that returns the base64url digest with
 * its `=` padding. It computes HMAC from its definition (RFC 2104) with two one-shot
 * `crypto.hash()` calls over buffers padded with the key once, which costs less per
 * signature than a new `createHmac()` object.
 */
export function createHmacSha256Signer(secret: Uint8Array): (parts: readonly string[]) => string {
  // A key longer than the block is replaced by its digest, as RFC 2104 requires.
  const key = secret.length > BLOCK_BYTES ? createHash('sha256').update(secret).digest() : secret;
  const inner = Buffer.alloc(BLOCK_BYTES + MESSAGE_BYTES, INNER_PAD);
  const outer = Buffer.alloc(BLOCK_BYTES + DIGEST_BYTES, OUTER_PAD);
  for (let index = 0; index < key.length; index += 1) {
    inner[index] = INNER_PAD ^ key[index]!;
    outer[index] = OUTER_PAD ^ key[index]!;
  }

  return (parts) => {
    const message = parts.length === 1 ? parts[0]! : parts.join('');
    // A UTF-16 code unit takes at most 3 UTF-8 bytes, so short text fits without counting.
    if (message.length * 3 > MESSAGE_BYTES && Buffer.byteLength(message, 'utf8') > MESSAGE_BYTES) {
      return `${createHmac('sha256', key).update(message, 'utf8').digest('base64url')}=`;
    }
    const length = BLOCK_BYTES + inner.write(message, BLOCK_BYTES, 'utf8');
    hash('sha256', inner.subarray(0, length), 'buffer').copy(outer, BLOCK_BYTES);

    // Node's base64url leaves out the `=` padding that both bridges require; a SHA-256
    // digest always needs exactly one.
    return `${hash('sha256', outer, 'base64url')}=`;
  };
}
