import { Client, InvalidArgumentError, isAutobahnPushError } from '@autobahnpush/core';
import type { ClientOptions } from '@autobahnpush/core';
import { DEFAULT_CLIENT_NAME, DEFAULT_DRAIN_TIMEOUT } from './autobahn-push.constants.js';
import type { AutobahnPushModuleOptions } from './autobahn-push-options.interface.js';

/** Module options after validation: a client built from them and the drain timeout. */
export interface NormalizedModuleOptions {
  client: Client;
  drainTimeout: number;
}

const REGISTRATION_OPTIONS = ['isGlobal', 'name'];
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Validates the options of one registration and creates its client, so that bad options
 * fail at bootstrap rather than at the first push. The client validates its own options,
 * and rejects unknown ones.
 *
 * @throws {InvalidArgumentError} whose message names the module, the client and the option.
 */
export function normalizeModuleOptions(options: unknown, name: string): NormalizedModuleOptions {
  const prefix = describeRegistration(name);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `${prefix}: the options must be an object such as { url: "https://router.example.com/publish" }, ` +
        `but the options factory returned ${describeType(options)}.`,
    );
  }
  for (const key of REGISTRATION_OPTIONS) {
    if (key in options) {
      throw new InvalidArgumentError(
        `${prefix}: option "${key}" belongs next to useFactory, useClass or useExisting in ` +
          'forRootAsync, not in the options that the factory returns.',
      );
    }
  }

  const { url, drainTimeout, ...clientOptions } = options as Partial<AutobahnPushModuleOptions>;
  if (url === undefined || url === null || url === '') {
    throw new InvalidArgumentError(
      `${prefix}: missing option "url". Pass the http or https URL of the push endpoint, ` +
        'for example "https://router.example.com/publish".',
    );
  }
  const normalizedDrainTimeout = normalizeDrainTimeout(drainTimeout, prefix);
  const client = createClient(url, clientOptions, prefix);

  return { client, drainTimeout: normalizedDrainTimeout };
}

/** Describes a registration in messages, for example `AutobahnPushModule (client "analytics")`. */
export function describeRegistration(name: string): string {
  return `AutobahnPushModule (client "${name}")`;
}

/**
 * Validates the `name` given to `forRoot` or `forRootAsync`.
 *
 * @throws {InvalidArgumentError} unless the name is a non-empty string.
 */
export function normalizeClientName(name: unknown): string {
  if (name === undefined) {
    return DEFAULT_CLIENT_NAME;
  }
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InvalidArgumentError(
      `AutobahnPushModule: invalid option "name" (${describeType(name)}). Pass a non-empty ` +
        'string such as "analytics", or leave it out for the default client.',
    );
  }

  return name;
}

function createClient(
  url: AutobahnPushModuleOptions['url'],
  options: ClientOptions,
  prefix: string,
): Client {
  assertCallUrlProtocol(options, prefix);
  try {
    return new Client(url, options);
  } catch (error) {
    if (!isAutobahnPushError(error) || error.code !== 'ERR_INVALID_ARGUMENT') {
      throw error;
    }
    if (options.callUrl !== undefined && isValidWithoutCallUrl(url, options)) {
      throw invalidCallUrl(options.callUrl, prefix, error);
    }
    // Core's message already names the option (for example "Invalid secret: ...").
    throw new InvalidArgumentError(`${prefix}: ${error.message}`, { cause: error });
  }
}

// The appliance has no Caller, so a callUrl next to it can only be a mistake. Core would
// accept it and reject every call, so it fails at bootstrap here instead.
function assertCallUrlProtocol(options: ClientOptions, prefix: string): void {
  if (options.callUrl !== undefined && options.protocol === 'appliance') {
    throw new InvalidArgumentError(
      `${prefix}: option "callUrl" does not work with protocol "appliance", which has no ` +
        'remote procedure calls. Remove callUrl, or use protocol "crossbar" with a Crossbar.io HTTP bridge Caller.',
    );
  }
}

// Core reports a bad callUrl as "Invalid URL ...", the same words as for a bad `url`. If the
// options pass without callUrl, the callUrl is what failed, and the error names that option.
function isValidWithoutCallUrl(url: AutobahnPushModuleOptions['url'], options: ClientOptions): boolean {
  const { callUrl: _callUrl, ...rest } = options;
  try {
    // The constructor opens no connection, and close() releases the empty pool. Nothing was
    // sent through the client, so a failure to close it leaves nothing behind to report.
    new Client(url, rest).close().catch(() => undefined);

    return true;
  } catch {
    return false;
  }
}

function invalidCallUrl(callUrl: unknown, prefix: string, cause: Error): InvalidArgumentError {
  return new InvalidArgumentError(
    `${prefix}: invalid option "callUrl" (${describeUrl(callUrl)}). Pass the http or https URL ` +
      'of the Crossbar.io HTTP bridge Caller, for example "https://router.example.com/call", a ' +
      'list of such URLs, or true for the "call" sibling of each push URL.',
    { cause },
  );
}

// Shows a URL without user credentials or query string, which may carry secrets.
function describeUrl(value: unknown): string {
  const text = value instanceof URL ? value.href : value;
  if (typeof text === 'string' && URL.canParse(text)) {
    const parsed = new URL(text);

    return JSON.stringify(`${parsed.protocol}//${parsed.host}${parsed.pathname}`);
  }

  return describeType(value);
}

function normalizeDrainTimeout(value: unknown, prefix: string): number {
  if (value === undefined) {
    return DEFAULT_DRAIN_TIMEOUT;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new InvalidArgumentError(
      `${prefix}: invalid option "drainTimeout" (${describeType(value)}). Pass a number of ` +
        `milliseconds, an integer from 0 to ${MAX_TIMER_MS}.`,
    );
  }

  return value;
}

function describeType(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) {
    return String(value);
  }

  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
