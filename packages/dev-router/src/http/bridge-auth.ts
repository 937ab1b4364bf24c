import type { NormalizedOptions } from '../options.js';
import type { QueryParameters } from './query.js';
import type { ReplayGuard } from './replay-guard.js';
import { computeSignature, signaturesMatch } from './signature.js';
import { isOutsideWindow, parseBridgeTimestamp } from './timestamp.js';

/** Result of `checkBridgeQuery()`: accepted, or the status and message to send. */
export type BridgeAuthResult = { ok: true } | { ok: false; status: 400 | 401; message: string };

/** Integers as Python's `int()` parses them: optional sign, digits with single underscores, surrounding whitespace. */
const PYTHON_INTEGER = /^[ \t\n\r\v\f]*[+-]?\d+(?:_\d+)*[ \t\n\r\v\f]*$/u;

const SIGNED_FIELDS = 'key, timestamp, seq, nonce and signature';

/**
 * Checks the signature query parameters of a `/publish` request in
 * Crossbar.io's order: key present, timestamp (format, then window), seq,
 * nonce, signature present, then key (401), signature (401) and replay (401).
 *
 * When the router has no credentials the parameters are optional, but a
 * timestamp, seq or nonce that is present is still validated.
 */
export function checkBridgeQuery(query: QueryParameters, body: Buffer, options: NormalizedOptions, replayGuard: ReplayGuard, nowMs: number): BridgeAuthResult {
  const signed = options.credentials !== undefined;
  const missing = (name: string): BridgeAuthResult => ({
    ok: false,
    status: 400,
    message: `Missing query parameter '${name}': this endpoint only accepts signed requests, which carry ${SIGNED_FIELDS}.`,
  });

  const key = query.get('key');
  if (key === undefined && signed) return missing('key');

  const timestamp = query.get('timestamp');
  let timestampMs = 0;
  if (timestamp !== undefined) {
    const text = timestamp.toString('utf8');
    const parsed = parseBridgeTimestamp(text);
    if (parsed === undefined) {
      return { ok: false, status: 400, message: `Invalid timestamp '${text}': send UTC time as YYYY-MM-DDTHH:MM:SS.fffZ with 1 to 6 fraction digits, e.g. '2026-12-04T19:36:51.123Z'.` };
    }

    if (isOutsideWindow(parsed, nowMs, options.timestampDeltaLimit)) {
      const deltaSeconds = Math.round(Math.abs(parsed - nowMs) / 1000);
      return {
        ok: false,
        status: 400,
        message: `Request expired: timestamp '${text}' is ${deltaSeconds} s away from the router clock, more than the ${options.timestampDeltaLimit} s allowed. Check the client clock.`,
      };
    }

    timestampMs = parsed;
  } else if (signed) {
    return missing('timestamp');
  }

  const seq = query.get('seq');
  if (seq !== undefined && !PYTHON_INTEGER.test(seq.toString('latin1'))) {
    return { ok: false, status: 400, message: `Invalid seq '${seq.toString('utf8')}': the sequence number must be an integer.` };
  }
  if (seq === undefined && signed) return missing('seq');

  const nonce = query.get('nonce');
  if (nonce !== undefined && !PYTHON_INTEGER.test(nonce.toString('latin1'))) {
    return { ok: false, status: 400, message: `Invalid nonce '${nonce.toString('utf8')}': the nonce must be an integer.` };
  }
  if (nonce === undefined && signed) return missing('nonce');

  const signature = query.get('signature');
  if (signature === undefined && signed) return missing('signature');

  if (options.credentials === undefined) return { ok: true };

  // Every parameter is present here: the checks above return otherwise.
  if (!key!.equals(Buffer.from(options.credentials.key, 'utf8'))) {
    return { ok: false, status: 401, message: `Unknown key '${key!.toString('utf8')}': sign with the key the router was started with.` };
  }

  const expected = computeSignature(options.credentials.secret, [key!, timestamp!, seq!, nonce!, body]);
  if (!signaturesMatch(signature!, expected)) {
    return {
      ok: false,
      status: 401,
      message: 'Invalid signature: expected base64url with padding of HMAC-SHA256(secret, key + timestamp + seq + nonce + body), over the exact bytes sent.',
    };
  }

  if (!replayGuard.accept(timestamp!.toString('latin1'), nonce!.toString('latin1'), timestampMs, nowMs)) {
    return { ok: false, status: 401, message: 'Replayed request: this (timestamp, nonce) pair was already used. Send a new nonce with every request.' };
  }

  return { ok: true };
}
