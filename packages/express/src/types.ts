import type {
  CallInput,
  CallOptions,
  CallResultOf,
  ProcedureSignature,
  PublishMessage,
  PushOptions,
  PushReceipt,
  RequestOptions,
} from '@autobahnpush/core';

/**
 * When a push made during a request is sent.
 *
 * - `'immediate'`: at once; `req.push` resolves with the router's receipt.
 * - `'after-response'`: queued, then sent once the response has finished with a status
 *   below 400, and discarded otherwise.
 */
export type PushMode = 'immediate' | 'after-response';

/** Options that `req.push` and `req.publish` add to the core request options. */
export interface RequestPushPolicy {
  /**
   * Whether the caller's own WAMP session is left out of this publication. Pass `false`
   * to let the sender receive its own event.
   * @default the middleware's `excludeSender` option, which defaults to `true`
   */
  excludeSender?: boolean;
  /**
   * When this publication is sent; overrides the middleware's `mode` for one call.
   * @default the middleware's `mode` option, which defaults to `'immediate'`
   */
  mode?: PushMode;
}

/**
 * Options of `req.push`: the core push options (`exclude`, `eligible`, `signal`) plus
 * `excludeSender` and `mode`, which the middleware consumes and never passes to core.
 *
 * @example
 * ```ts
 * await req.push('com.chat.message', message, { excludeSender: false, mode: 'immediate' });
 * ```
 */
export interface RequestPushOptions extends PushOptions, RequestPushPolicy {}

/**
 * Options of `req.publish`: the core request options (`signal`) plus `excludeSender` and
 * `mode`. WAMP publish options go into `message.options`, as with `client.publish`.
 *
 * @example
 * ```ts
 * await req.publish('com.chat.message', { args: [text], kwargs: { room } }, { mode: 'after-response' });
 * ```
 */
export interface RequestPublishOptions extends RequestOptions, RequestPushPolicy {}

/**
 * Result of `req.push` and `req.publish` in `after-response` mode: the publication was
 * validated and queued, and has not been sent yet. A later send failure goes to the
 * middleware's `onError`, never to this promise.
 */
export interface QueuedReceipt {
  /** Always `true`: the publication waits for the response to finish. */
  readonly queued: true;
}

/**
 * Result of `req.push` and `req.publish`: the core receipt in `immediate` mode, a
 * {@link QueuedReceipt} in `after-response` mode.
 */
export type RequestPushResult = PushReceipt | QueuedReceipt;

/** Result type of one call, narrowed when the call names its `mode`. */
export type ResultOfMode<Options> = Options extends { mode: 'immediate' }
  ? PushReceipt
  : Options extends { mode: 'after-response' }
    ? QueuedReceipt
    : RequestPushResult;

/**
 * Pushes `event` to `topic` on behalf of the current request. Without a `mode` the
 * middleware's default applies.
 */
export type RequestPush = <Options extends RequestPushOptions = RequestPushOptions>(
  topic: string,
  event: unknown,
  options?: Options,
) => Promise<ResultOfMode<Options>>;

/** Publishes the full WAMP form (`args`, `kwargs`, `options`) on behalf of the current request. */
export type RequestPublish = <Options extends RequestPublishOptions = RequestPublishOptions>(
  topic: string,
  message: PublishMessage,
  options?: Options,
) => Promise<ResultOfMode<Options>>;

/**
 * Calls a WAMP procedure on behalf of the current request and resolves with its result.
 * Pass a {@link ProcedureSignature} as the type argument to type the input and the result.
 */
export type RequestCall = <Signature extends ProcedureSignature = ProcedureSignature>(
  procedure: string,
  input?: CallInput<Signature>,
  options?: CallOptions,
) => Promise<CallResultOf<Signature>>;

declare module 'express-serve-static-core' {
  interface Request {
    /**
     * Pushes `event` to `topic` through the `autobahnPush` middleware; subscribers receive
     * it as `args[0]`. The caller's WAMP session is excluded unless `excludeSender` is
     * `false`. Present only after the middleware has run.
     *
     * NOTE: Node's `IncomingMessage` is a readable stream whose own `push(chunk)` feeds the
     * request body. The middleware keeps that working: a call whose first argument is not
     * a string goes to the stream, so the second signature below is the stream's.
     *
     * @example
     * ```ts
     * app.post('/orders', async (req, res) => {
     *   const { id } = await req.push('com.shop.order_created', { id: 42 });
     *   res.json({ publication: id });
     * });
     * ```
     */
    push<Options extends RequestPushOptions = RequestPushOptions>(
      topic: string,
      event: unknown,
      options?: Options,
    ): Promise<ResultOfMode<Options>>;
    // biome-ignore lint/suspicious/noExplicitAny: the stream signature of node:stream's Readable, kept so Request still extends IncomingMessage.
    push(chunk: any, encoding?: BufferEncoding): boolean;
    /**
     * Publishes the full WAMP form through the `autobahnPush` middleware: positional
     * `args`, keyword `kwargs` and WAMP publish `options`. The caller's WAMP session is
     * added to `options.exclude` unless `excludeSender` is `false`.
     *
     * @example
     * ```ts
     * await req.publish('com.chat.message', { args: [text], kwargs: { room: 'lobby' } });
     * ```
     */
    publish: RequestPublish;
    /**
     * Calls a WAMP procedure through the `autobahnPush` middleware's client, which needs the
     * `callUrl` option, and resolves with the callee's `{ args, kwargs }`. A call is sent at
     * once in every `mode`, and the caller's session is not excluded from anything.
     *
     * Rejects with the core client's errors. A callee that raised an error gives
     * `ERR_CALL_FAILED`, a `CallFailedError` with `uri`, `args` and `kwargs`. A procedure
     * without a callee gives `ERR_NO_SUCH_PROCEDURE`. A client without `callUrl`, or one
     * on the appliance protocol, gives `ERR_INVALID_ARGUMENT`.
     *
     * @example
     * ```ts
     * type Add2 = { args: [number, number]; result: { args: [number] } };
     * const { args } = await req.call<Add2>('com.myapp.add2', { args: [1, 2] }); // [3]
     * ```
     */
    call: RequestCall;
  }
}
