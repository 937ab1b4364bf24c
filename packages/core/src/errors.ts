/**
 * Error classes of `@autobahnpush/core`.
 *
 * Every error the library raises is an {@link AutobahnPushError} with a stable `code`.
 * A `Symbol.for` marker makes `instanceof` and {@link isAutobahnPushError} work when the
 * CommonJS and the ESM build of this package are both loaded in one process.
 */

const kAutobahnPushError = Symbol.for('@autobahnpush/core.error');

/** Stable machine-readable codes carried by {@link AutobahnPushError#code}. */
export type AutobahnPushErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_PAYLOAD_TOO_LARGE'
  | 'ERR_UNAUTHORIZED'
  | 'ERR_REJECTED'
  | 'ERR_HTTP'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_NETWORK'
  | 'ERR_CLOSED'
  | 'ERR_CLOCK_SKEW'
  | 'ERR_QUEUE_FULL'
  | 'ERR_CALL_FAILED'
  | 'ERR_NO_SUCH_PROCEDURE';

/** Context shared by errors that concern one request to the router. */
export interface RequestContext {
  /** The topic of the failed push, when there was one. */
  topic?: string | undefined;
  /** The procedure of the failed call, when there was one. */
  procedure?: string | undefined;
  /** The endpoint URL without its query string, so no signature or key appears. */
  url?: string | undefined;
}

/** Base class of every error thrown or rejected by autobahnpush. */
export class AutobahnPushError extends Error {
  /** Stable code to branch on; messages may change between releases. */
  readonly code: AutobahnPushErrorCode;
  /** Topic of the push that failed, when the error concerns one. */
  readonly topic: string | undefined;
  /** Procedure of the call that failed, when the error concerns one. */
  readonly procedure: string | undefined;
  /** Endpoint URL of the failed request, without the query string. */
  readonly url: string | undefined;
  /**
   * How many attempts this push made before it failed, counting an attempt that timed out
   * or lost its connection before its request was written.
   */
  attempts: number | undefined;

  constructor(
    code: AutobahnPushErrorCode,
    message: string,
    options: RequestContext & { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.topic = options.topic;
    this.procedure = options.procedure;
    this.url = options.url;
    this.attempts = undefined;
    Object.defineProperty(this, kAutobahnPushError, { value: true });
  }

  override get name(): string {
    return 'AutobahnPushError';
  }

  // Subclasses inherit this method, so `this` is the class on the right of `instanceof`.
  static override [Symbol.hasInstance](instance: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: see above.
    if (this === AutobahnPushError) {
      return isAutobahnPushError(instance);
    }

    // biome-ignore lint/complexity/noThisInStatic: see above.
    return Function.prototype[Symbol.hasInstance].call(this, instance) as boolean;
  }
}

/**
 * Tells whether `value` is an error raised by any loaded copy of this package.
 *
 * @example
 * ```ts
 * try { await client.push(topic, event) } catch (error) {
 *   if (isAutobahnPushError(error) && error.code === 'ERR_TIMEOUT') retryLater();
 * }
 * ```
 */
export function isAutobahnPushError(value: unknown): value is AutobahnPushError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[kAutobahnPushError] === true
  );
}

/** An argument or option failed validation; nothing was sent. */
export class InvalidArgumentError extends AutobahnPushError {
  constructor(message: string, options: RequestContext & { cause?: unknown } = {}) {
    super('ERR_INVALID_ARGUMENT', message, options);
  }

  override get name(): string {
    return 'InvalidArgumentError';
  }
}

/** The request body exceeds `maxBodyBytes`, or the router responded with 413. */
export class PayloadTooLargeError extends AutobahnPushError {
  /** Size of the body in bytes (UTF-8). */
  readonly bytes: number | undefined;
  /** The limit that was exceeded, when known. */
  readonly limit: number | undefined;
  /** HTTP status, when the router rejected the body; `undefined` for the client-side check. */
  readonly status: number | undefined;

  constructor(
    message: string,
    options: RequestContext & { bytes?: number; limit?: number; status?: number } = {},
  ) {
    super('ERR_PAYLOAD_TOO_LARGE', message, options);
    this.bytes = options.bytes;
    this.limit = options.limit;
    this.status = options.status;
  }

  override get name(): string {
    return 'PayloadTooLargeError';
  }
}

/** The router responded with an HTTP status that does not mean success. */
export class HttpError extends AutobahnPushError {
  /** HTTP status code of the response. */
  readonly status: number;
  /** The router's reason: the `error` member of a JSON body, or the text of a plain or HTML body. */
  readonly reason: string;

  constructor(
    message: string,
    options: RequestContext & { status: number; reason: string },
    code: AutobahnPushErrorCode = 'ERR_HTTP',
  ) {
    super(code, message, options);
    this.status = options.status;
    this.reason = options.reason;
  }

  override get name(): string {
    return 'HttpError';
  }
}

/** The router responded with 401: unknown key or invalid signature. */
export class UnauthorizedError extends HttpError {
  constructor(message: string, options: RequestContext & { reason: string }) {
    super(message, { ...options, status: 401 }, 'ERR_UNAUTHORIZED');
  }

  override get name(): string {
    return 'UnauthorizedError';
  }
}

/**
 * The router accepted the HTTP request but rejected the publication: Crossbar responds with
 * `200` and an `error` member, for example `wamp.error.not_authorized`.
 */
export class RejectedError extends AutobahnPushError {
  /** The WAMP error URI, for example `wamp.error.invalid_uri`. */
  readonly uri: string;
  /** Positional details of the WAMP error. */
  readonly args: unknown[];
  /** Keyword details of the WAMP error. */
  readonly kwargs: Record<string, unknown>;

  constructor(
    message: string,
    options: RequestContext & { uri: string; args: unknown[]; kwargs: Record<string, unknown> },
  ) {
    super('ERR_REJECTED', message, options);
    this.uri = options.uri;
    this.args = options.args;
    this.kwargs = options.kwargs;
  }

  override get name(): string {
    return 'RejectedError';
  }
}

/** No response arrived within `timeout` or `deadline`. The event may have been published, or the procedure may have run. */
export class TimeoutError extends AutobahnPushError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, options: RequestContext & { timeout: number; cause?: unknown }) {
    super('ERR_TIMEOUT', message, options);
    this.timeout = options.timeout;
  }

  override get name(): string {
    return 'TimeoutError';
  }
}

/** The caller's `AbortSignal` fired before the push settled. */
export class AbortedError extends AutobahnPushError {
  constructor(message: string, options: RequestContext & { cause?: unknown } = {}) {
    super('ERR_ABORTED', message, options);
  }

  override get name(): string {
    return 'AbortedError';
  }
}

/** The connection failed: refused, reset, DNS lookup failed or TLS handshake failed. */
export class NetworkError extends AutobahnPushError {
  /** The system or parser error code behind the failure, for example `ECONNREFUSED`. */
  readonly causeCode: string | undefined;

  constructor(message: string, options: RequestContext & { causeCode?: string; cause?: unknown }) {
    super('ERR_NETWORK', message, options);
    this.causeCode = options.causeCode;
  }

  override get name(): string {
    return 'NetworkError';
  }
}

/** The client was closed; it accepts no more pushes. */
export class ClosedError extends AutobahnPushError {
  constructor(message: string, options: RequestContext & { cause?: unknown } = {}) {
    super('ERR_CLOSED', message, options);
  }

  override get name(): string {
    return 'ClosedError';
  }
}

/**
 * The router rejected the request's timestamp as outside its window (Crossbar responds with 400
 * "Request expired"): the clocks of client and router differ by more than the window.
 */
export class ClockSkewError extends HttpError {
  /** Router clock minus client clock in milliseconds, measured from the `Date` header. */
  readonly offsetMs: number | undefined;

  constructor(
    message: string,
    options: RequestContext & { reason: string; offsetMs: number | undefined },
  ) {
    super(message, { ...options, status: 400 }, 'ERR_CLOCK_SKEW');
    this.offsetMs = options.offsetMs;
  }

  override get name(): string {
    return 'ClockSkewError';
  }
}

/** More pushes are waiting than `maxQueue` allows; this one was not queued. */
export class QueueFullError extends AutobahnPushError {
  /** The `maxQueue` limit that was reached. */
  readonly limit: number;

  constructor(message: string, options: RequestContext & { limit: number }) {
    super('ERR_QUEUE_FULL', message, options);
    this.limit = options.limit;
  }

  override get name(): string {
    return 'QueueFullError';
  }
}

/**
 * The called procedure raised an error: Crossbar's Caller responds with 200 and an `error`
 * member holding the error URI, `args` and `kwargs` from the callee.
 */
export class CallFailedError extends AutobahnPushError {
  /** The WAMP error URI the callee (or the router) raised, for example `com.myapp.error.not_found`. */
  readonly uri: string;
  /** Positional details of the error. */
  readonly args: unknown[];
  /** Keyword details of the error. */
  readonly kwargs: Record<string, unknown>;

  constructor(
    message: string,
    options: RequestContext & { uri: string; args: unknown[]; kwargs: Record<string, unknown> },
    code: AutobahnPushErrorCode = 'ERR_CALL_FAILED',
  ) {
    super(code, message, options);
    this.uri = options.uri;
    this.args = options.args;
    this.kwargs = options.kwargs;
  }

  override get name(): string {
    return 'CallFailedError';
  }
}

/** No callee has registered the procedure (`wamp.error.no_such_procedure`). */
export class NoSuchProcedureError extends CallFailedError {
  constructor(
    message: string,
    options: RequestContext & { uri: string; args: unknown[]; kwargs: Record<string, unknown> },
  ) {
    super(message, options, 'ERR_NO_SUCH_PROCEDURE');
  }

  override get name(): string {
    return 'NoSuchProcedureError';
  }
}
