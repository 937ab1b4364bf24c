import type { SigningKey } from '../signing-key.js';
import type { Transport, TransportSettings } from '../transport-types.js';

/** Transport a client sends with. */
export type TransportKind = 'node' | 'fetch';

/** A `diagnostics_channel` channel, or a stand-in that drops messages where there is none. */
export interface Channel {
  readonly hasSubscribers: boolean;
  publish(message: unknown): void;
}

/** Computes a signature over the concatenated UTF-8 parts; may be asynchronous (Web Crypto). */
export type Signer = (parts: readonly string[]) => string | Promise<string>;

/** Operations that differ between the Node.js build and the build for other runtimes. */
export interface Platform {
  /** The transport a client uses when the `transport` option is not given. */
  defaultTransport: TransportKind;
  /** UTF-8 byte length of `text`. */
  byteLength(text: string): number;
  /** HMAC-SHA256 of the concatenated parts, as padded base64url, computed synchronously. */
  hmac(key: SigningKey, parts: readonly (string | Uint8Array)[]): string;
  /** Returns the signer a client of `transport` uses for every request. */
  createSigner(key: SigningKey, transport: TransportKind): Signer;
  /** Compares two strings in time that does not depend on where they differ. */
  constantTimeEqual(expected: string, actual: string): boolean;
  /** Fills `target` from the CSPRNG. */
  fillRandom(target: Uint8Array): void;
  /** Creates a transport to `origin`; throws when this build cannot provide `kind`. */
  createTransport(kind: TransportKind, origin: string, settings: TransportSettings): Transport;
  /** Returns the named `diagnostics_channel` channel. */
  channel(name: string): Channel;
}
