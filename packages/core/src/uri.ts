import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';

// WAMP v2 "loose" URI rule: dot-separated components without whitespace, '.' or '#'.
const LOOSE_URI = /^([^\s.#]+\.)*([^\s.#]+)$/;
// WAMP v1 topics are absolute URIs or CURIEs such as `http://example.com/topic1` or `event:x`.
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Kind of name a URI check is for, used in messages. */
export type UriRole = 'topic' | 'procedure';

/**
 * Validates a WAMP v2 URI (loose rule) for the Crossbar protocol.
 * URIs beginning with `wamp.` are reserved for the router and rejected.
 *
 * @throws {InvalidArgumentError} when `uri` is not a string, is empty, breaks the rule or is reserved.
 */
export function assertWampUri(uri: unknown, role: UriRole = 'topic'): asserts uri is string {
  if (typeof uri !== 'string' || !LOOSE_URI.test(uri)) {
    throw new InvalidArgumentError(
      `Invalid ${role} ${describeValue(uri)}: a WAMP ${role} is a URI of dot-separated parts ` +
        `without whitespace, '.' or '#', for example "com.myapp.order_created".`,
    );
  }
  if (uri.startsWith('wamp.')) {
    throw new InvalidArgumentError(
      `Invalid ${role} ${describeValue(uri)}: URIs beginning with "wamp." are reserved for the ` +
        'router; choose a URI under your own domain, for example "com.myapp.updates".',
    );
  }
}

/**
 * Validates a WAMP v1 topic URI for the appliance protocol: an absolute URI or CURIE.
 *
 * @throws {InvalidArgumentError} when `uri` is not a non-empty string of that form.
 */
export function assertApplianceTopic(uri: unknown): asserts uri is string {
  if (typeof uri !== 'string' || !ABSOLUTE_URI.test(uri)) {
    throw new InvalidArgumentError(
      `Invalid topic ${describeValue(uri)} for the appliance protocol: WAMP v1 topics are ` +
        'absolute URIs without whitespace, for example "http://example.com/topic1".',
    );
  }
}
