import { isSessionId, type PushProtocol } from '@autobahnpush/core';

// Plain decimal digits: no sign, exponent, leading zero or whitespace. 2^53, the largest
// WAMP v2 session ID, has 16 digits.
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

// WAMP v1 (appliance) session IDs are opaque strings. Only a short URL-safe string is
// accepted, so a header value cannot smuggle in the appliance's comma list separator.
const APPLIANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads the sender's session ID from request header `headerName`, with the same rules as
 * `@autobahnpush/express`: a WAMP v2 session ID in plain decimal digits, or on the
 * appliance protocol also a short URL-safe string.
 *
 * @returns the session ID, or `undefined` when the header is missing. Returns `null` when
 *   the header is present but contains no session ID because it is repeated, malformed or
 *   out of range.
 */
export function readSenderSession(
  request: unknown,
  headerName: string,
  protocol: PushProtocol,
): number | string | null | undefined {
  const headers = (request as { headers?: Record<string, unknown> } | undefined)?.headers;
  const value = headers?.[headerName];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    return null;
  }
  if (DECIMAL_ID.test(value)) {
    const id = Number(value);

    // Above 2^53 a number cannot hold every integer: "9007199254740993" parses to 2^53,
    // so the round trip to text must give back the digits that were sent.
    return isSessionId(id) && String(id) === value ? id : null;
  }

  return protocol === 'appliance' && APPLIANCE_ID.test(value) ? value : null;
}

/**
 * Renders an untrusted header value for a log line: quoted, escaped and at most 40
 * characters, so a header cannot forge log lines.
 */
export function describeHeaderValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }

  return Array.isArray(value) ? `an array of length ${value.length}` : String(value);
}
