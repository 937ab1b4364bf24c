import { platform } from './platform/current.js';

// Random bytes are drawn from the CSPRNG in blocks so that a push costs no system call.
const BLOCK_SIZE = 8 * 512;
const block = new Uint8Array(BLOCK_SIZE);
const view = new DataView(block.buffer);
let offset = BLOCK_SIZE;

/**
 * Returns a random integer in [0, 2^53 - 1] from the CSPRNG, for the `nonce` of a signed
 * Crossbar request (the bridge accepts [0, 2^53]).
 */
export function randomNonce(): number {
  if (offset === BLOCK_SIZE) {
    platform.fillRandom(block);
    offset = 0;
  }
  const high = view.getUint32(offset) & 0x1f_ffff;
  const low = view.getUint32(offset + 4);
  offset += 8;

  return high * 0x1_0000_0000 + low;
}
