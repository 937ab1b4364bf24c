import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { assertSessionIds, toApplianceSessionIds } from './session-id.js';

/**
 * WAMP publish options that the Crossbar HTTP bridge passes on to the router unchanged.
 */
export interface PublishOptions {
  /** Session IDs that must not receive the event (strings for the appliance's WAMP v1). */
  exclude?: (number | string)[];
  /** Only these session IDs may receive the event (strings for the appliance's WAMP v1). */
  eligible?: (number | string)[];
  /** Authentication IDs that must not receive the event. */
  exclude_authid?: string[];
  /** Only sessions with these authentication IDs may receive the event. */
  eligible_authid?: string[];
  /** Authentication roles that must not receive the event. */
  exclude_authrole?: string[];
  /** Only sessions with these authentication roles may receive the event. */
  eligible_authrole?: string[];
  /** Whether the publishing session is excluded; the bridge's own session never subscribes. */
  exclude_me?: boolean;
  /** Whether the router keeps the event and hands it to later subscribers that ask for it. */
  retain?: boolean;
}

const SESSION_ID_LISTS = ['exclude', 'eligible'] as const;
const STRING_LISTS = [
  'exclude_authid',
  'eligible_authid',
  'exclude_authrole',
  'eligible_authrole',
] as const;
const BOOLEANS = ['exclude_me', 'retain'] as const;
const KNOWN = new Set<string>([...SESSION_ID_LISTS, ...STRING_LISTS, ...BOOLEANS]);

/**
 * Validates WAMP publish options.
 *
 * Unknown names are rejected rather than passed on, because a misspelt `exclude` would
 * silently deliver the event to the very session it was meant to skip.
 *
 * @throws {InvalidArgumentError} naming the option and the expected type.
 */
export function assertPublishOptions(
  options: unknown,
  protocol: 'crossbar' | 'appliance' = 'crossbar',
): asserts options is PublishOptions {
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      `Invalid publish options ${describeValue(options)}: pass an object such as { exclude: [123] }.`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name)) {
      throw new InvalidArgumentError(
        `Unknown publish option "${name}": supported options are ${[...KNOWN].join(', ')}.`,
      );
    }
  }
  for (const name of SESSION_ID_LISTS) {
    if (options[name] === undefined) {
      continue;
    }
    // WAMP v1 session IDs of the appliance are strings; WAMP v2 ones are integers.
    if (protocol === 'appliance') {
      toApplianceSessionIds(options[name], `options.${name}`);
    } else {
      assertSessionIds(options[name], `options.${name}`);
    }
  }
  for (const name of STRING_LISTS) {
    const value = options[name];
    if (value !== undefined && !isStringList(value)) {
      throw new InvalidArgumentError(
        `Invalid options.${name} ${describeValue(value)}: pass an array of non-empty strings.`,
      );
    }
  }
  for (const name of BOOLEANS) {
    const value = options[name];
    if (value !== undefined && typeof value !== 'boolean') {
      throw new InvalidArgumentError(
        `Invalid options.${name} ${describeValue(value)}: pass true or false.`,
      );
    }
  }
}

/** Tells whether `value` is an object literal or `Object.create(null)`, not an array or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value);

  return prototype === Object.prototype || prototype === null;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}
