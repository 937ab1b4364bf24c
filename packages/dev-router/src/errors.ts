/**
 * Error classes thrown by the dev router.
 *
 * Every error carries a stable `code` and a `Symbol.for` marker, so
 * `isDevRouterError()` works even when the ESM and the CommonJS build of this
 * package are both loaded in one process.
 */

const DEV_ROUTER_ERROR = Symbol.for('autobahnpush.dev-router.error');

/**
 * Stable codes of the errors that this package throws: `ERR_INVALID_ARGUMENT`
 * for an invalid option, `ERR_DEV_ROUTER_LISTEN` when the server cannot listen.
 *
 * @example
 * ```ts
 * if (isDevRouterError(error) && error.code === 'ERR_INVALID_ARGUMENT') console.error(error.message);
 * ```
 */
export type DevRouterErrorCode = 'ERR_INVALID_ARGUMENT' | 'ERR_DEV_ROUTER_LISTEN';

/**
 * Base class of errors thrown by `startDevRouter()` for reasons other than
 * invalid options (for example, the port is already in use).
 *
 * @example
 * ```ts
 * try {
 *   await startDevRouter({ port: 8080 });
 * } catch (error) {
 *   if (isDevRouterError(error) && error.code === 'ERR_DEV_ROUTER_LISTEN') {
 *     console.error('port 8080 is busy');
 *   }
 * }
 * ```
 */
export class DevRouterError extends Error {
  override readonly name: string = 'DevRouterError';

  /** Stable, machine-readable error code. */
  readonly code: DevRouterErrorCode;

  constructor(code: DevRouterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, DEV_ROUTER_ERROR, { value: true });
  }
}

/**
 * Error thrown by `startDevRouter()` when an option has an invalid value.
 * It extends `TypeError` because the caller passed a value of the wrong shape.
 *
 * @example
 * ```ts
 * await startDevRouter({ key: 'k' }); // throws InvalidOptionError, code ERR_INVALID_ARGUMENT
 * ```
 */
export class InvalidOptionError extends TypeError {
  override readonly name = 'InvalidOptionError';

  /** Stable, machine-readable error code. */
  readonly code = 'ERR_INVALID_ARGUMENT' as const;

  /** Name of the option that failed validation, for example `port`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
    Object.defineProperty(this, DEV_ROUTER_ERROR, { value: true });
  }
}

/**
 * Returns `true` when `value` is an error thrown by this package, from either
 * the ESM or the CommonJS build.
 *
 * @example
 * ```ts
 * if (isDevRouterError(error)) console.error(error.code);
 * ```
 */
export function isDevRouterError(value: unknown): value is DevRouterError | InvalidOptionError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DEV_ROUTER_ERROR] === true;
}
