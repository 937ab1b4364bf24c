import { type PushProtocol, isSessionId } from '@autobahnpush/core';

/** A WAMP v2 session ID, or a WAMP v1 session ID string on the appliance protocol. */
export type SenderSessionId = number | string;

// Decimal digits only, no sign, exponent, leading zero or whitespace: at most 16 digits,
// because 2^53 (the largest WAMP v2 session ID) has 16.
const DECIMAL_ID = /^[1-9][0-9]{0,15}$/;

// WAMP v1 session IDs are opaque strings. Only the URL-safe alphabet is accepted, so a
// value cannot carry a comma, which separates IDs in the appliance's query string.
const APPLIANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Turns a header value or a `sessionId` function's result into a session ID, or
 * `undefined` when it is not one.
 *
 * The value comes from the client, so it is used as an ID and nothing else: a WAMP v2 ID
 * must be an integer from 1 to 2^53, given as a number or as plain decimal digits. On the
 * appliance protocol, whose WAMP v1 IDs are strings, a short URL-safe string also passes.
 */
export function parseSessionId(value: unknown, protocol: PushProtocol): SenderSessionId | undefined {
  if (typeof value === 'number') {
    return isSessionId(value) ? value : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  if (DECIMAL_ID.test(value)) {
    const id = Number(value);

    // Above 2^53 a number cannot hold every integer: "9007199254740993" parses to 2^53,
    // so the round trip to text must give back the digits that were sent.
    return isSessionId(id) && String(id) === value ? id : undefined;
  }
  if (protocol === 'appliance' && APPLIANCE_ID.test(value)) {
    return value;
  }

  return undefined;
}

/**
 * Renders an untrusted value for a log line: quoted, escaped and at most 40 characters, so
 * a header cannot forge log lines.
 */
export function describeUntrusted(value: unknown): string {
  if (typeof value === 'string') {
    const truncated = value.length > 40 ? `${value.slice(0, 37)}...` : value;

    return JSON.stringify(truncated);
  }
  if (Array.isArray(value)) {
    return `an array of length ${value.length}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }

  return `a value of type ${typeof value}`;
}

/** Adds `sender` to a list of session IDs unless it is already there; never mutates `list`. */
export function withSender(
  list: readonly SenderSessionId[] | undefined,
  sender: SenderSessionId,
): SenderSessionId[] {
  const ids = list === undefined ? [] : [...list];
  if (!ids.includes(sender)) {
    ids.push(sender);
  }

  return ids;
}
