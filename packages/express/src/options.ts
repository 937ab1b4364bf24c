import { InvalidArgumentError } from '@autobahnpush/core';
import type { Request } from 'express-serve-static-core';
import { type Logger, defaultLogger, isLogger } from './logger.js';
import type { PushMode } from './types.js';

/**
 * Source of the WAMP session ID of the browser that sent the request: a header name, or a
 * function of the request that returns the ID or a promise of it.
 */
export type SessionIdSource = string | ((req: Request) => unknown);

/**
 * Receives a queued push that failed to send in `after-response` mode. The response has
 * already been sent, so this is the only place the failure can be handled.
 */
export type PushErrorHandler = (error: unknown, req: Request) => void | Promise<void>;

/** Options of the {@link autobahnPush} middleware. */
export interface AutobahnPushOptions {
  /**
   * Source of the caller's WAMP session ID: a header name, or a function `(req) => id`
   * that may return a promise. A value that is not a valid session ID is ignored and
   * logged at debug level, and the request goes on. A function that throws or rejects
   * passes its error to `next()`.
   * @default 'x-wamp-session-id'
   * @example
   * ```ts
   * autobahnPush(client, { sessionId: (req) => req.session?.wampSessionId });
   * ```
   */
  sessionId?: SessionIdSource;
  /**
   * Whether pushes leave out the caller's own WAMP session by default. Each call can
   * override it with `{ excludeSender }`.
   * @default true
   */
  excludeSender?: boolean;
  /**
   * When pushes are sent by default: `'immediate'`, or `'after-response'` to queue them
   * until the response has finished with a status below 400. Each call can override it
   * with `{ mode }`.
   * @default 'immediate'
   * @example
   * ```ts
   * app.use(autobahnPush(client, { mode: 'after-response' }));
   * ```
   */
  mode?: PushMode;
  /**
   * Receives debug messages and failures; pino, winston and `console` fit. Nothing is
   * logged above debug level while pushes succeed.
   * @default debug and info to `NODE_DEBUG=autobahnpush`, warn and error to the console
   * @example
   * ```ts
   * autobahnPush(client, { logger: pino({ level: 'debug' }) });
   * ```
   */
  logger?: Logger;
  /**
   * Handles a queued push that failed to send after the response. It may be async; if it
   * throws or rejects, the failure is logged at error level instead.
   * @default a warning through `logger`
   * @example
   * ```ts
   * autobahnPush(client, { mode: 'after-response', onError: (error) => metrics.increment('push_failed') });
   * ```
   */
  onError?: PushErrorHandler;
}

/** {@link AutobahnPushOptions} after validation, with defaults applied. */
export interface NormalizedOptions {
  sessionId: SessionIdSource;
  excludeSender: boolean;
  mode: PushMode;
  logger: Logger;
  onError: PushErrorHandler | undefined;
}

const KNOWN_OPTIONS = ['sessionId', 'excludeSender', 'mode', 'logger', 'onError'];
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Validates the middleware options once, when the middleware is created.
 *
 * @throws {InvalidArgumentError} naming the option and what to pass instead.
 */
export function normalizeOptions(options: unknown): NormalizedOptions {
  if (options === undefined) {
    options = {};
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `Invalid autobahnPush options ${describeOption(options)}: pass an object such as { mode: 'after-response' }.`,
    );
  }
  const record = options as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!KNOWN_OPTIONS.includes(name)) {
      throw new InvalidArgumentError(
        `Unknown autobahnPush option "${name}": supported options are ${KNOWN_OPTIONS.join(', ')}.`,
      );
    }
  }

  return {
    sessionId: normalizeSessionId(record.sessionId),
    excludeSender: normalizeExcludeSender(record.excludeSender, 'excludeSender'),
    mode: normalizeMode(record.mode, 'mode') ?? 'immediate',
    logger: normalizeLogger(record.logger),
    onError: normalizeOnError(record.onError),
  };
}

/**
 * Validates a `mode` given to the middleware or to one call.
 *
 * @returns the mode, or `undefined` when none was given.
 */
export function normalizeMode(mode: unknown, name: string): PushMode | undefined {
  if (mode === undefined || mode === 'immediate' || mode === 'after-response') {
    return mode;
  }
  throw new InvalidArgumentError(
    `Invalid ${name} ${describeOption(mode)}: use "immediate" or "after-response".`,
  );
}

/** Validates an `excludeSender` given to the middleware (default `true`) or to one call. */
export function normalizeExcludeSender(value: unknown, name: string, fallback = true): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(`Invalid ${name} ${describeOption(value)}: pass true or false.`);
  }

  return value;
}

function normalizeSessionId(value: unknown): SessionIdSource {
  if (value === undefined) {
    return 'x-wamp-session-id';
  }
  if (typeof value === 'function') {
    return value as (req: Request) => unknown;
  }
  if (typeof value === 'string' && HEADER_NAME.test(value)) {
    return value.toLowerCase();
  }
  throw new InvalidArgumentError(
    `Invalid sessionId ${describeOption(value)}: pass a header name such as "x-wamp-session-id" ` +
      'or a function (req) => id.',
  );
}

function normalizeLogger(value: unknown): Logger {
  if (value === undefined) {
    return defaultLogger;
  }
  if (!isLogger(value)) {
    throw new InvalidArgumentError(
      `Invalid logger ${describeOption(value)}: pass an object with debug, info, warn and ` +
        'error methods, such as console or a pino or winston logger.',
    );
  }

  return value;
}

function normalizeOnError(value: unknown): PushErrorHandler | undefined {
  if (value === undefined || typeof value === 'function') {
    return value as PushErrorHandler | undefined;
  }
  throw new InvalidArgumentError(
    `Invalid onError ${describeOption(value)}: pass a function (error, req) => void.`,
  );
}

/** Renders an option value for an error message without printing whole objects. */
export function describeOption(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object' && value !== null) {
    return 'an object';
  }

  return String(value);
}
