import type { Credentials, PushHttpRequest } from './http-request.js';
import { platform } from './platform/current.js';
import { withQuery } from './http-request.js';
import {
  optionalCredentials,
  optionalHeaders,
  requireDecimal,
  requireObject,
  requireString,
  requireUrl,
} from './input-checks.js';
import { randomNonce } from './nonce.js';
import { computeCrossbarSignature } from './signature.js';
import { formatCrossbarTimestamp } from './timestamp.js';

/** Inputs of {@link buildCrossbarRequest}. */
export interface CrossbarRequestInput {
  /** Publisher (or Caller) URL of the Crossbar HTTP bridge. */
  url: string | URL;
  /** Serialised JSON body, for example from `serializeCrossbarPush`. */
  body: string;
  /** Sequence number; a client increases it by one per request. */
  seq: number | string;
  /** Signs the request when given. */
  credentials?: Credentials | undefined;
  /** Timestamp string. @default the current time, formatted by `formatCrossbarTimestamp` */
  timestamp?: string | undefined;
  /** Nonce of a signed request. @default a random integer from the CSPRNG */
  nonce?: number | string | undefined;
  /** Extra headers; `content-type` and `content-length` are always set by the builder. */
  headers?: Record<string, string> | undefined;
  /** A signature computed elsewhere (asynchronously, with Web Crypto); skips signing here. */
  signature?: string | undefined;
}

/**
 * Builds a Crossbar HTTP bridge request:
 * `POST url?timestamp=T&seq=N[&key=K&nonce=R&signature=S]` with an `application/json` body.
 * The signature covers the exact body text, which the request then carries unchanged.
 *
 * @example
 * ```ts
 * const request = buildCrossbarRequest({
 *   url: 'http://127.0.0.1:8080/publish',
 *   body: serializeCrossbarPush('com.myapp.topic1', 'Hello, world'),
 *   seq: 1,
 *   credentials: { key: 'foobar', secret: 'secret' },
 * });
 * ```
 */
export function buildCrossbarRequest(input: CrossbarRequestInput): PushHttpRequest {
  const fields = requireObject(input, 'request input');

  return createCrossbarRequest({
    url: requireUrl(fields.url),
    body: requireString(fields.body, 'body', true),
    seq: requireDecimal(fields.seq, 'seq'),
    credentials: optionalCredentials(fields.credentials),
    timestamp: fields.timestamp === undefined ? undefined : requireString(fields.timestamp, 'timestamp'),
    nonce: fields.nonce === undefined ? undefined : requireDecimal(fields.nonce, 'nonce'),
    headers: optionalHeaders(fields.headers),
  });
}

/**
 * Formats the query of a Crossbar request, `timestamp=T&seq=N`; a signed request appends
 * {@link crossbarSignatureQuery}. `seq` is a decimal integer, which needs no encoding.
 */
export function crossbarQuery(timestamp: string, seq: string): string {
  return `timestamp=${encodeURIComponent(timestamp)}&seq=${seq}`;
}

/**
 * Formats the signed part of a Crossbar query, `&key=K&nonce=R&signature=S`. `encodedKey`
 * is already percent-encoded, and `nonce` is a decimal integer.
 */
export function crossbarSignatureQuery(encodedKey: string, nonce: string, signature: string): string {
  return `&key=${encodedKey}&nonce=${nonce}&signature=${encodeURIComponent(signature)}`;
}

/** Builds a Crossbar request from input that buildCrossbarRequest() has checked. */
export function createCrossbarRequest(input: CrossbarRequestInput): PushHttpRequest {
  const timestamp = input.timestamp ?? formatCrossbarTimestamp();
  const seq = String(input.seq);
  let query = crossbarQuery(timestamp, seq);
  const credentials = input.credentials;
  if (credentials !== undefined) {
    const nonce = String(input.nonce ?? randomNonce());
    const signature =
      input.signature ??
      computeCrossbarSignature(credentials.secret, {
        key: credentials.key,
        timestamp,
        seq,
        nonce,
        body: input.body,
      });
    query += crossbarSignatureQuery(encodeURIComponent(credentials.key), nonce, signature);
  }

  return {
    method: 'POST',
    url: withQuery(input.url, query),
    headers: {
      ...input.headers,
      'content-type': 'application/json',
      'content-length': String(platform.byteLength(input.body)),
    },
    body: input.body,
  };
}
