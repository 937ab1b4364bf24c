import { InvalidOptionError } from './errors.js';
import { type DevRouterLogger, silentLogger } from './logger.js';
import { isValidUri } from './uri.js';

/**
 * Options of `startDevRouter()`. Every option is optional.
 *
 * @example
 * ```ts
 * const router = await startDevRouter({ realm: 'realm1', key: 'foobar', secret: 'secret' });
 * ```
 */
export interface DevRouterOptions {
  /**
   * Address to listen on. IPv6 addresses are given without brackets (`::1`).
   *
   * @default '127.0.0.1'
   * @example '::1'
   */
  host?: string;

  /**
   * TCP port to listen on. `0` picks a free port; read it back from `router.port`.
   *
   * @default 0
   * @example 8080
   */
  port?: number;

  /**
   * The one WAMP realm that clients may join. HELLO for any other realm gets
   * ABORT `wamp.error.no_such_realm`.
   *
   * @default 'realm1'
   * @example 'com.example.realm'
   */
  realm?: string;

  /**
   * Application key that signed HTTP requests must carry: the `key` query
   * parameter of `/publish` and the `appkey` parameter of `/push`.
   * Give `key` and `secret` together or not at all. Without them both
   * endpoints accept unsigned requests.
   *
   * @default undefined
   * @example 'foobar'
   */
  key?: string;

  /**
   * Secret used to verify the HMAC-SHA256 signature of HTTP requests
   * (the `appsecret` of `/push`). Give it together with `key`.
   *
   * @default undefined
   * @example 'secret'
   */
  secret?: string;

  /**
   * Maximum HTTP request body size in bytes, `0` for no limit. A larger body
   * gets 413 on `/publish` and 400 on `/push`. When not given, `/publish` has
   * no limit (as Crossbar.io's default) and `/push` keeps the appliance's
   * 4096-byte default.
   *
   * @default undefined
   * @example 65536
   */
  postBodyLimit?: number;

  /**
   * Maximum difference in seconds, in either direction, between a request's
   * `timestamp` and the router's clock. `0` disables the check, as in
   * Crossbar.io, which is how fixed test vectors with old timestamps pass.
   *
   * @default 300
   * @example 0
   */
  timestampDeltaLimit?: number;

  /**
   * Milliseconds a `/call` request waits for the callee before the dealer
   * cancels the call, `0` for no limit. The HTTP client then gets a 200 with
   * `{"error": "wamp.error.canceled", ...}`. WebSocket callers set their own
   * limit with the `timeout` option of CALL and have none by default.
   *
   * @default 30000
   * @example 5000
   */
  callTimeout?: number;

  /**
   * Receives log records: session joins, rejected requests and errors.
   * The router prints nothing when no logger is given.
   *
   * @default a logger that discards everything
   * @example console
   */
  logger?: DevRouterLogger;
}

/** Options after validation, with defaults applied. */
export interface NormalizedOptions {
  host: string;
  port: number;
  realm: string;
  credentials: { key: string; secret: string } | undefined;
  publishBodyLimit: number;
  pushBodyLimit: number;
  timestampDeltaLimit: number;
  callTimeout: number;
  logger: DevRouterLogger;
}

/** Body limit of the appliance `/push` endpoint when `postBodyLimit` is not given. */
export const APPLIANCE_BODY_LIMIT = 4096;

/** Default of the `callTimeout` option in milliseconds. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/** Largest `callTimeout` in milliseconds: the largest delay `setTimeout()` supports. */
const MAX_CALL_TIMEOUT_MS = 2 ** 31 - 1;

const KNOWN_OPTIONS = new Set(['host', 'port', 'realm', 'key', 'secret', 'postBodyLimit', 'timestampDeltaLimit', 'callTimeout', 'logger']);

/**
 * Validates `startDevRouter()` options and applies defaults.
 *
 * @throws InvalidOptionError naming the option and the expected value.
 */
export function normalizeOptions(options: DevRouterOptions | undefined): NormalizedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError('options', `startDevRouter() options must be an object, got ${describe(options)}.`);
  }

  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidOptionError(name, `Unknown option "${name}". Known options: ${[...KNOWN_OPTIONS].join(', ')}.`);
    }
  }

  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '' || host.startsWith('[')) {
    throw new InvalidOptionError('host', `Invalid option "host": expected a host name or IP address without brackets (e.g. '127.0.0.1' or '::1'), got ${describe(host)}.`);
  }

  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidOptionError('port', `Invalid option "port": expected an integer from 0 to 65535 (0 picks a free port), got ${describe(port)}.`);
  }

  const realm = options.realm ?? 'realm1';
  if (!isValidUri(realm)) {
    throw new InvalidOptionError('realm', `Invalid option "realm": expected a WAMP URI such as 'realm1', got ${describe(realm)}.`);
  }

  const postBodyLimit = options.postBodyLimit;
  if (postBodyLimit !== undefined && (!Number.isSafeInteger(postBodyLimit) || postBodyLimit < 0)) {
    throw new InvalidOptionError('postBodyLimit', `Invalid option "postBodyLimit": expected a non-negative integer number of bytes (0 for no limit), got ${describe(postBodyLimit)}.`);
  }

  const timestampDeltaLimit = options.timestampDeltaLimit ?? 300;
  if (typeof timestampDeltaLimit !== 'number' || !Number.isFinite(timestampDeltaLimit) || timestampDeltaLimit < 0) {
    throw new InvalidOptionError('timestampDeltaLimit', `Invalid option "timestampDeltaLimit": expected a non-negative number of seconds (0 disables the check), got ${describe(timestampDeltaLimit)}.`);
  }

  const callTimeout = options.callTimeout ?? DEFAULT_CALL_TIMEOUT_MS;
  if (!Number.isInteger(callTimeout) || callTimeout < 0 || callTimeout > MAX_CALL_TIMEOUT_MS) {
    throw new InvalidOptionError('callTimeout', `Invalid option "callTimeout": expected an integer number of milliseconds from 0 to ${MAX_CALL_TIMEOUT_MS} (0 for no limit), got ${describe(callTimeout)}.`);
  }

  return {
    host,
    port,
    realm,
    credentials: normalizeCredentials(options.key, options.secret),
    publishBodyLimit: postBodyLimit ?? 0,
    pushBodyLimit: postBodyLimit ?? APPLIANCE_BODY_LIMIT,
    timestampDeltaLimit,
    callTimeout,
    logger: normalizeLogger(options.logger),
  };
}

function normalizeCredentials(key: unknown, secret: unknown): NormalizedOptions['credentials'] {
  if (key === undefined && secret === undefined) return undefined;

  if (key === undefined) {
    throw new InvalidOptionError('key', 'Option "secret" was given without "key": give both to require signed requests, or neither.');
  }
  if (secret === undefined) {
    throw new InvalidOptionError('secret', 'Option "key" was given without "secret": give both to require signed requests, or neither.');
  }
  if (typeof key !== 'string' || key === '') {
    throw new InvalidOptionError('key', `Invalid option "key": expected a non-empty string, got ${describe(key)}.`);
  }
  if (typeof secret !== 'string' || secret === '') {
    throw new InvalidOptionError('secret', `Invalid option "secret": expected a non-empty string, got ${describe(secret)}.`);
  }

  return { key, secret };
}

function normalizeLogger(logger: unknown): DevRouterLogger {
  if (logger === undefined) return silentLogger;

  const methods = ['debug', 'info', 'warn', 'error'] as const;
  const candidate = logger as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || methods.some((method) => typeof candidate[method] !== 'function')) {
    throw new InvalidOptionError('logger', 'Invalid option "logger": expected an object with debug, info, warn and error methods (console works).');
  }

  return logger as DevRouterLogger;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';

  return `${typeof value} ${String(value)}`;
}
