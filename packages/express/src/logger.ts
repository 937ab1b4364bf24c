import { debuglog } from 'node:util';

/**
 * A logger with the four usual levels. pino, winston, bunyan and `console` all fit.
 *
 * The middleware calls each method with one message string. A warning about a failed push
 * also passes the error as a second argument, which console and winston print but pino
 * ignores.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * app.use(autobahnPush(client, { logger: pino() }));
 * ```
 */
export interface Logger {
  /** Logs routine detail: ignored session headers and discarded queues. */
  debug(message: string, ...details: unknown[]): void;
  /** Part of the common logger shape; the middleware does not call it. */
  info(message: string, ...details: unknown[]): void;
  /** Logs a queued push that failed, when no `onError` handles it. */
  warn(message: string, ...details: unknown[]): void;
  /** Logs an `onError` handler that threw. */
  error(message: string, ...details: unknown[]): void;
}

const debug = debuglog('autobahnpush');

/**
 * The logger used when none is given: debug and info go to `NODE_DEBUG=autobahnpush`,
 * warnings and errors to `console.warn` and `console.error`, so a lost push is never silent.
 */
export const defaultLogger: Logger = {
  debug: (message, ...details) => debug(message, ...details),
  info: (message, ...details) => debug(message, ...details),
  warn: (message, ...details) => console.warn(message, ...details),
  error: (message, ...details) => console.error(message, ...details),
};

/**
 * Runs one logger call and ignores an exception from it, so a broken logger can neither
 * fail a request nor turn a flush into an unhandled rejection.
 */
export function safeLog(write: () => void): void {
  try {
    write();
  } catch {
    // Nothing is left to report the failure to.
  }
}

/** Tells whether `value` has callable `debug`, `info`, `warn` and `error` members. */
export function isLogger(value: unknown): value is Logger {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;

  return ['debug', 'info', 'warn', 'error'].every((level) => typeof candidate[level] === 'function');
}
