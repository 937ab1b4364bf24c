import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import type { Logger } from './observability.js';
import { silentLogger } from './observability.js';
import { isPlainObject } from './publish-options.js';
import { platform } from './platform/current.js';
import type { TransportKind } from './platform/types.js';
import { type RetryOptions, type RetryPolicy, normalizeRetry } from './retry-policy.js';
import { createSigningKey } from './signature.js';
import type { SigningKey } from './signing-key.js';

/** The two HTTP push protocols a {@link Client} speaks. */
export type PushProtocol = 'crossbar' | 'appliance';

/** Options of {@link Client}. */
export interface ClientOptions {
  /**
   * Application key of a signed endpoint. Give `key` and `secret` together, or neither for
   * an unsigned endpoint.
   */
  key?: string;
  /** Shared secret of a signed endpoint. It never leaves the process and never appears in errors. */
  secret?: string;
  /**
   * Wire protocol: `'crossbar'` for Crossbar.io's HTTP bridge publisher, `'appliance'` for
   * the older Autobahn.ws appliance push API.
   * @default 'crossbar'
   */
  protocol?: PushProtocol;
  /**
   * Milliseconds each request may take to connect, then to receive headers, then its body.
   * @default 10000
   */
  timeout?: number;
  /** Extra headers sent with every request, for example a bearer token for a proxy. */
  headers?: Record<string, string>;
  /**
   * Largest request body in UTF-8 bytes; a larger push rejects with `ERR_PAYLOAD_TOO_LARGE`
   * before anything is sent. Set it to the router's `post_body_limit`.
   * @default undefined (no client-side limit)
   */
  maxBodyBytes?: number;
  /**
   * Maximum number of keep-alive sockets to the router; concurrent pushes beyond it wait
   * for a free socket.
   * @default 32
   */
  connections?: number;
  /**
   * Requests in flight at once on one connection (HTTP/1.1 pipelining). A connection
   * pipelines only after a first response that kept it open. Each request goes to the first
   * open connection with room, so a busy client writes many requests per system call.
   * Set 1 for a proxy that mishandles pipelined requests.
   * @default 8
   */
  pipelining?: number;
  /**
   * Retries for failures where the request provably did not reach the router (connection
   * refused, DNS failure, a reset before the request was written, 503, 429). Every attempt
   * is signed anew. `false` turns retries off.
   * @default { retries: 2, minDelay: 100, maxDelay: 5000, unsafe: false }
   */
  retry?: false | RetryOptions;
  /**
   * Milliseconds that all attempts of one push may take together, waiting for a retry
   * included. `timeout` still bounds each attempt.
   * @default undefined (bounded by `timeout` and `retry` alone)
   */
  deadline?: number;
  /**
   * Router clock minus local clock, in milliseconds, added to every timestamp. The client
   * also measures it by itself when Crossbar responds "Request expired".
   * @default 0
   */
  clockOffsetMs?: number;
  /**
   * Pushes sent at the same time; more wait in a FIFO queue.
   * @default 256
   */
  maxInFlight?: number;
  /**
   * Pushes that may wait for a slot; one more rejects at once with `ERR_QUEUE_FULL`.
   * @default Infinity
   */
  maxQueue?: number;
  /** Receives retries (`warn`), final failures (`error`) and successes (`debug`). */
  logger?: Logger;
  /** Certificate authorities to trust for https URLs, in PEM, instead of Node's default store. */
  ca?: string | Uint8Array | readonly (string | Uint8Array)[];
  /**
   * How requests are sent. `'node'` uses pooled keep-alive sockets (node:net) and is the
   * fastest on Node.js. `'fetch'` uses only the global `fetch` and Web Crypto, as on Deno,
   * Bun, Cloudflare Workers and browsers. Both send the same bytes.
   * @default 'node' on Node.js, 'fetch' in the build for other runtimes
   */
  transport?: 'node' | 'fetch';
  /**
   * URL of Crossbar's HTTP bridge Caller, for `client.call()`. `true` derives it from each
   * publisher URL by replacing the last path segment with `call`
   * (`https://router.example.com/publish` → `https://router.example.com/call`).
   * @default undefined (`call()` rejects until a Caller URL is configured)
   */
  callUrl?: string | URL | readonly (string | URL)[] | true;
}

/** One URL of the client, ready to use. */
export interface Endpoint {
  url: URL;
  /** URL without credentials, query or fragment: safe for messages. */
  displayUrl: string;
}

/** {@link ClientOptions} after validation, with defaults applied. */
export interface NormalizedClientOptions {
  endpoints: Endpoint[];
  callEndpoints: Endpoint[] | undefined;
  protocol: PushProtocol;
  credentials: { key: string; secret: SigningKey } | undefined;
  /** Strings to scrub from any server text copied into an error. */
  secrets: readonly string[];
  timeout: number;
  headers: Record<string, string>;
  maxBodyBytes: number | undefined;
  connections: number;
  pipelining: number;
  retry: RetryPolicy;
  deadline: number | undefined;
  clockOffsetMs: number;
  maxInFlight: number;
  maxQueue: number;
  logger: Logger;
  ca: (string | Uint8Array)[] | undefined;
  transport: TransportKind;
}

const KNOWN_OPTIONS = new Set([
  'callUrl',
  'transport',
  'retry',
  'deadline',
  'clockOffsetMs',
  'maxInFlight',
  'maxQueue',
  'logger',
  'ca',
  'key',
  'secret',
  'protocol',
  'timeout',
  'headers',
  'maxBodyBytes',
  'connections',
  'pipelining',
]);
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'transfer-encoding']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Validates the URL and options of a client once, at construction.
 *
 * @throws {InvalidArgumentError} naming the option and the fix.
 */
export function normalizeClientOptions(
  url: unknown,
  options: unknown = {},
): NormalizedClientOptions {
  const endpoints = parseUrls(url);
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      `Invalid client options ${describeValue(options)}: pass an object such as { key, secret }.`,
    );
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new InvalidArgumentError(
        `Unknown client option "${name}": supported options are ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }

  const { key, secret } = options;
  const credentials = normalizeCredentials(key, secret);

  return {
    endpoints,
    callEndpoints: normalizeCallUrl(options.callUrl, endpoints, options.protocol),
    protocol: normalizeProtocol(options.protocol),
    credentials,
    secrets: credentials ? [secret as string, key as string] : [],
    timeout: positiveInteger(options.timeout, 'timeout', 10_000, MAX_TIMER_MS),
    headers: normalizeHeaders(options.headers),
    maxBodyBytes:
      options.maxBodyBytes === undefined
        ? undefined
        : positiveInteger(options.maxBodyBytes, 'maxBodyBytes', 0, Number.MAX_SAFE_INTEGER),
    connections: positiveInteger(options.connections, 'connections', 32, 65_536),
    pipelining: positiveInteger(options.pipelining, 'pipelining', 8, 1_024),
    retry: normalizeRetry(options.retry),
    deadline:
      options.deadline === undefined
        ? undefined
        : positiveInteger(options.deadline, 'deadline', 0, MAX_TIMER_MS),
    clockOffsetMs: normalizeClockOffset(options.clockOffsetMs),
    maxInFlight: positiveInteger(options.maxInFlight, 'maxInFlight', 256, 1_000_000),
    maxQueue:
      options.maxQueue === Number.POSITIVE_INFINITY
        ? Number.POSITIVE_INFINITY
        : positiveOrZero(options.maxQueue, 'maxQueue'),
    logger: normalizeLogger(options.logger),
    ca: normalizeCa(options.ca),
    transport: normalizeTransport(options.transport, options.ca),
  };
}

function normalizeTransport(transport: unknown, ca: unknown): TransportKind {
  if (transport === undefined) {
    return platform.defaultTransport;
  }
  if (transport !== 'node' && transport !== 'fetch') {
    throw new InvalidArgumentError(
      `Invalid transport ${describeValue(transport)}: use "node" (pooled sockets, Node.js only) or "fetch".`,
    );
  }
  if (transport === 'fetch' && ca !== undefined) {
    throw new InvalidArgumentError(
      'Invalid ca with transport "fetch": fetch uses the runtime\'s certificate store; use ' +
        'transport "node" for a custom ca, or add the certificate to the runtime (NODE_EXTRA_CA_CERTS on Node.js).',
    );
  }

  return transport;
}

function parseUrls(url: unknown, option: 'url' | 'callUrl' = 'url'): Endpoint[] {
  const list = Array.isArray(url) ? url : [url];
  if (list.length === 0) {
    throw new InvalidArgumentError(
      `Invalid ${option === 'url' ? 'URL' : 'callUrl'} list []: pass at least one http or https URL.`,
    );
  }

  return list.map((entry) => {
    const parsed = parseUrl(entry, option);

    return { url: parsed, displayUrl: `${parsed.origin}${parsed.pathname}` };
  });
}

function normalizeCallUrl(callUrl: unknown, endpoints: Endpoint[], protocol: unknown): Endpoint[] | undefined {
  if (callUrl === undefined) {
    return undefined;
  }
  if (protocol === 'appliance') {
    throw new InvalidArgumentError(
      'Invalid callUrl with protocol "appliance": the appliance has no remote procedure ' +
        'calls; remove callUrl or use protocol "crossbar".',
    );
  }
  if (callUrl === true) {
    return endpoints.map(({ url }) => {
      const sibling = new URL(url.href);
      const trimmed = sibling.pathname.replace(/\/+$/, '');
      const parent = trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
      sibling.pathname = `${parent || '/'}call`;

      return { url: sibling, displayUrl: `${sibling.origin}${sibling.pathname}` };
    });
  }

  return parseUrls(callUrl, 'callUrl');
}

function normalizeClockOffset(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 86_400_000 * 366) {
    throw new InvalidArgumentError(
      `Invalid clockOffsetMs ${describeValue(value)}: pass the router clock minus the local ` +
        'clock in milliseconds, a finite number within a year.',
    );
  }

  return Math.round(value);
}

function positiveOrZero(value: unknown, name: string): number {
  if (value === undefined) {
    return Number.POSITIVE_INFINITY;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass an integer of 0 or more, or Infinity.`,
    );
  }

  return value;
}

function normalizeLogger(logger: unknown): Logger {
  if (logger === undefined) {
    return silentLogger;
  }
  const methods = ['debug', 'info', 'warn', 'error'] as const;
  const missing = methods.filter(
    (method) =>
      typeof logger !== 'object' ||
      logger === null ||
      typeof (logger as Record<string, unknown>)[method] !== 'function',
  );
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      `Invalid logger ${describeValue(logger)}: it lacks ${missing.join(', ')}; pass an ` +
        'object with debug, info, warn and error methods, such as console or a pino logger.',
    );
  }

  return logger as Logger;
}

function normalizeCa(ca: unknown): NormalizedClientOptions['ca'] {
  if (ca === undefined) {
    return undefined;
  }
  const list = Array.isArray(ca) ? ca : [ca];
  for (const entry of list) {
    if (!(typeof entry === 'string' || entry instanceof Uint8Array) || entry.length === 0) {
      throw new InvalidArgumentError(
        `Invalid ca ${describeValue(ca)}: pass PEM certificates as a string, a Buffer or an array of them.`,
      );
    }
  }

  return list as (string | Uint8Array)[];
}

function parseUrl(url: unknown, option: 'url' | 'callUrl'): URL {
  const name = option === 'url' ? 'URL' : 'callUrl';
  const example =
    option === 'url'
      ? 'the push endpoint, for example "https://router.example.com/publish"'
      : 'the HTTP bridge Caller, for example "https://router.example.com/call", or true'
  let parsed: URL | undefined;
  if (url instanceof URL) {
    parsed = new URL(url.href);
  } else if (typeof url === 'string' && URL.canParse(url)) {
    parsed = new URL(url);
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(url)}: pass the absolute http or https URL of ${example}.`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new InvalidArgumentError(
      `Invalid ${name} ${parsed.protocol}//${parsed.host}${parsed.pathname}: it contains user ` +
        'credentials, which would be sent in clear; remove them and use key and secret, or ' +
        'the headers option.',
    );
  }
  parsed.hash = '';

  return parsed;
}

function normalizeCredentials(
  key: unknown,
  secret: unknown,
): NormalizedClientOptions['credentials'] {
  if (key === undefined && secret === undefined) {
    return undefined;
  }
  if (typeof key !== 'string' || key.length === 0) {
    throw new InvalidArgumentError(
      'Invalid key: pass the application key as a non-empty string together with secret, ' +
        'or leave out both for an unsigned endpoint.',
    );
  }
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new InvalidArgumentError(
      'Invalid secret: pass the shared secret as a non-empty string together with key, ' +
        'or leave out both for an unsigned endpoint.',
    );
  }

  return { key, secret: createSigningKey(secret) };
}

function normalizeProtocol(protocol: unknown): PushProtocol {
  if (protocol === undefined || protocol === 'crossbar' || protocol === 'appliance') {
    return protocol ?? 'crossbar';
  }
  throw new InvalidArgumentError(
    `Invalid protocol ${describeValue(protocol)}: use "crossbar" (Crossbar.io HTTP bridge) or ` +
      '"appliance" (Autobahn.ws appliance push API).',
  );
}

function positiveInteger(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(
      `Invalid ${name} ${describeValue(value)}: pass an integer from 1 to ${max}.`,
    );
  }

  return value;
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined) {
    return {};
  }
  if (!isPlainObject(headers)) {
    throw new InvalidArgumentError(
      `Invalid headers ${describeValue(headers)}: pass an object of header names to string values.`,
    );
  }
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(lower)) {
      throw new InvalidArgumentError(
        `Invalid header name ${describeValue(name)}: use a valid HTTP token other than ` +
          `${[...RESERVED_HEADERS].join(', ')}, which the client sets itself.`,
      );
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new InvalidArgumentError(
        `Invalid value for header "${name}": pass a string without line breaks.`,
      );
    }
    normalized[lower] = value;
  }

  return normalized;
}
