import { FetchTransport } from '../fetch-transport.js';
import { InvalidArgumentError } from '../errors.js';
import { hmacSha256 } from '../sha256.js';
import { type SigningKey, base64UrlPadded, signingKeyBytes, utf8 } from '../signing-key.js';
import type { Channel, Platform } from './types.js';
import { compareInConstantTime, createWebCryptoSigner } from './web-crypto.js';

const silentChannel: Channel = { hasSubscribers: false, publish: () => {} };

interface DiagnosticsModule {
  channel(name: string): Channel;
}

// Runtimes with Node.js compatibility (Bun, Deno, Node.js itself) expose diagnostics_channel
// through process.getBuiltinModule, which needs no static `node:` import.
function loadDiagnostics(): DiagnosticsModule | undefined {
  const processObject = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  try {
    return processObject?.getBuiltinModule?.('node:diagnostics_channel') as DiagnosticsModule | undefined;
  } catch {
    return undefined;
  }
}

const diagnostics = loadDiagnostics();

function hmac(key: SigningKey, parts: readonly (string | Uint8Array)[]): string {
  const chunks = parts.map((part) => (typeof part === 'string' ? utf8(part) : part));
  const message = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    message.set(chunk, offset);
    offset += chunk.length;
  }

  return base64UrlPadded(hmacSha256(signingKeyBytes(key), message));
}

/** The build for runtimes without node:http: fetch, Web Crypto and TextEncoder only. */
export const platform: Platform = {
  defaultTransport: 'fetch',
  byteLength: (text) => utf8(text).length,
  hmac,
  createSigner: (key) => createWebCryptoSigner(key),
  constantTimeEqual: compareInConstantTime,
  fillRandom: (target) => {
    globalThis.crypto.getRandomValues(target);
  },
  createTransport(kind, origin, settings) {
    if (kind === 'node') {
      throw new InvalidArgumentError(
        'Invalid transport "node": this build of @autobahnpush/core runs without node:http; use transport "fetch".',
      );
    }

    return new FetchTransport(origin, settings);
  },
  channel: (name) => diagnostics?.channel(name) ?? silentChannel,
};
