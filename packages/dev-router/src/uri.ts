/**
 * WAMP URI checks (loose rule of the WAMP v2 specification: components
 * without whitespace, `.` or `#`, separated by dots).
 */

const LOOSE_URI = /^([^\s.#]+\.)*([^\s.#]+)$/u;

/** Prefix patterns may end with a dot, as in `com.example.`. */
const LOOSE_PREFIX = /^([^\s.#]+\.)*([^\s.#]*)$/u;

/** Wildcard patterns may have empty components, as in `com..update`. */
const LOOSE_WILDCARD = /^(([^\s.#]+\.)|\.)*([^\s.#]+)?$/u;

/** Match policy of a subscription: exact topic, topic prefix, or pattern with empty components as wildcards. */
export type MatchPolicy = 'exact' | 'prefix' | 'wildcard';

/** Returns `true` when `uri` is a valid WAMP URI under the loose rule. */
export function isValidUri(uri: unknown): uri is string {
  return typeof uri === 'string' && LOOSE_URI.test(uri);
}

/** Returns `true` when `pattern` is a valid topic for a subscription with `match`. */
export function isValidTopicPattern(pattern: string, match: MatchPolicy): boolean {
  if (match === 'prefix') return pattern.length > 0 && LOOSE_PREFIX.test(pattern);
  if (match === 'wildcard') return pattern.length > 0 && LOOSE_WILDCARD.test(pattern);

  return LOOSE_URI.test(pattern);
}

/** Returns `true` for URIs under `wamp.`, which WAMP reserves for the router itself. */
export function isReservedUri(uri: string): boolean {
  return uri === 'wamp' || uri.startsWith('wamp.');
}
