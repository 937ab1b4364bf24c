/** Context that `@Push` passes to its `onError` callback along with the error. */
export interface PushErrorContext {
  /** Topic of the failed push. */
  topic: string;
  /** Name of the client that was to send it. */
  client: string;
  /** The handler's return value, before `map`. */
  result: unknown;
  /** The HTTP request object of the platform, such as an Express `Request`; `undefined` outside HTTP. */
  request: unknown;
}

/**
 * Options of the `@Push` decorator.
 *
 * @typeParam Result - the handler's return type.
 */
export interface PushDecoratorOptions<Result = unknown> {
  /**
   * Turns the handler's return value into the event to push. Return `undefined` to push
   * nothing for this request. Without `map` the return value itself is pushed.
   *
   * @default undefined (push the return value)
   * @example (order) => ({ id: order.id, total: order.total })
   */
  map?: (result: Result, request: unknown) => unknown;
  /**
   * Excludes the sender from receiving its own event: when the request has a valid WAMP
   * session ID in the `headerName` header, it is passed as `exclude: [id]`.
   *
   * @default true
   * @example false
   */
  excludeSender?: boolean;
  /**
   * Request header that carries the sender's WAMP session ID, a decimal integer from 1 to 2^53.
   *
   * @default 'x-wamp-session-id'
   * @example 'x-push-session'
   */
  headerName?: string;
  /**
   * Name of the client to push through, as given to `forRoot({ name })`.
   *
   * @default 'default'
   * @example 'analytics'
   */
  client?: string;
  /**
   * Called when the push fails, after the failure has been logged. The HTTP response is
   * never affected. An error thrown here is logged and otherwise ignored.
   *
   * @default undefined
   * @example (error, { topic }) => metrics.increment('push_failed', { topic })
   */
  onError?: (error: unknown, context: PushErrorContext) => void | Promise<void>;
}

/** `@Push` settings stored on a handler, with defaults applied. */
export interface PushMetadata {
  topic: string;
  map: ((result: unknown, request: unknown) => unknown) | undefined;
  excludeSender: boolean;
  headerName: string;
  client: string;
  onError: ((error: unknown, context: PushErrorContext) => void | Promise<void>) | undefined;
}
