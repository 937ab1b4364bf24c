import type {
  CallInput,
  CallOptions,
  CallResultOf,
  Client,
  ProcedureMap,
  ProcedureSignature,
  PublishMessage,
  PushOptions,
  PushReceipt,
  RequestOptions,
  TopicMap,
} from '@autobahnpush/core';
import { setMaxListeners } from 'node:events';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER_CONTEXT } from './autobahn-push.constants.js';
import { InFlightRequests, type RequestKind } from './in-flight-requests.js';
import type { NormalizedModuleOptions } from './normalize-module-options.js';

/** Options of {@link AutobahnPushService.ping}, the same as those of the core `Client.ping`. */
export interface PingOptions {
  /**
   * Milliseconds to wait for the response status.
   *
   * @default the client's `timeout` option (10000 unless configured)
   * @example 1000
   */
  timeout?: number;
  /** Aborts the ping; it then rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
}

/** Result of {@link AutobahnPushService.ping}. */
export interface PingResult {
  /** URL that responded, without query string or credentials. */
  url: string;
  /** HTTP status of the response, always 2xx. */
  status: number;
}

/**
 * Pushes events through the client that one `AutobahnPushModule` registration configured.
 * `AutobahnPushModule` creates it: inject it by class for the default client, or with
 * `@InjectAutobahnPush(name)` for a named one; do not list it in `providers` yourself.
 *
 * Every push and call made through the service is tracked. On application shutdown (with
 * `app.enableShutdownHooks()` or `app.close()`) the service waits up to `drainTimeout`
 * milliseconds for them, aborts and logs any still pending, then closes the client.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class OrdersService {
 *   constructor(private readonly push: AutobahnPushService) {}
 *
 *   async ship(order: Order) {
 *     await this.push.push('com.shop.order_shipped', { id: order.id });
 *   }
 * }
 * ```
 */
export class AutobahnPushService<
  Topics extends TopicMap = Record<string, unknown>,
  Procedures extends ProcedureMap = Record<string, ProcedureSignature>,
> implements OnApplicationShutdown
{
  /** Name of the registration, `'default'` unless `forRoot` was given a `name`. */
  readonly name: string;
  readonly #options: NormalizedModuleOptions;
  readonly #inFlight = new InFlightRequests();
  readonly #shutdown = new AbortController();
  readonly #logger = new Logger(LOGGER_CONTEXT);

  /** @internal `AutobahnPushModule` creates the service; applications inject it. */
  constructor(options: NormalizedModuleOptions, name: string) {
    this.#options = options;
    this.name = name;
    // Every push and call in flight listens on this signal, and more than 10 of them are normal.
    setMaxListeners(0, this.#shutdown.signal);
  }

  /**
   * The underlying core `Client`, for anything the service does not wrap, such as `flush`.
   * At shutdown, pushes and calls made on it directly are not counted in the drain log
   * line, but the client still waits for them until `drainTimeout` ends.
   */
  get client(): Client<Topics, Procedures> {
    return this.#options.client as Client<Topics, Procedures>;
  }

  /** Number of pushes and calls sent through this service that have not settled yet. */
  get pending(): number {
    return this.#inFlight.size;
  }

  /**
   * Publishes `event` to `topic`; subscribers receive it as `args[0]`. Same contract as the
   * core `Client.push`, and tracked for the shutdown drain.
   *
   * @example
   * ```ts
   * await push.push('com.shop.order_created', order, { exclude: [senderSessionId] });
   * ```
   */
  push<T extends keyof Topics & string>(
    topic: T,
    event: Topics[T],
    options: PushOptions = {},
  ): Promise<PushReceipt> {
    return this.#track('push', options.signal, (signal) =>
      this.client.push(topic, event, { ...options, signal }),
    );
  }

  /**
   * Publishes the full WAMP form (`args`, `kwargs`, publish `options`). Same contract as
   * the core `Client.publish`, and tracked for the shutdown drain.
   *
   * @example
   * ```ts
   * await push.publish('com.shop.stock', { args: [sku], kwargs: { left: 3 }, options: { retain: true } });
   * ```
   */
  publish<T extends keyof Topics & string>(
    topic: T,
    message: PublishMessage,
    options: RequestOptions = {},
  ): Promise<PushReceipt> {
    return this.#track('push', options.signal, (signal) =>
      this.client.publish(topic, message, { ...options, signal }),
    );
  }

  /**
   * Calls a WAMP procedure through Crossbar's HTTP bridge Caller and returns its result.
   * Same contract as the core `Client.call`, and tracked for the shutdown drain. Needs the
   * `callUrl` module option. A call is never repeated once its request was written.
   *
   * @throws {CallFailedError} `ERR_CALL_FAILED` when the callee raised an error (with its
   *   `uri`, `args` and `kwargs`), and `NoSuchProcedureError` (`ERR_NO_SUCH_PROCEDURE`)
   *   when no callee has registered the procedure.
   * @throws {InvalidArgumentError} when the client has no `callUrl` or uses the appliance
   *   protocol, which has no remote procedure calls.
   * @example
   * ```ts
   * const { args } = await push.call('com.shop.stock_of', { args: ['sku-42'] }); // [3]
   * ```
   */
  call<P extends keyof Procedures & string>(
    procedure: P,
    input?: CallInput<Procedures[P]>,
    options: CallOptions = {},
  ): Promise<CallResultOf<Procedures[P]>> {
    return this.#track('call', options.signal, (signal) =>
      this.client.call(procedure, input, { ...options, signal }),
    );
  }

  /**
   * Sends one HTTP `OPTIONS` request to the endpoint URL that the client uses next, through
   * the client's own connection pool and with its `headers` and `ca`. Crossbar's HTTP
   * bridge publisher responds with 200. Same contract as the core `Client.ping`.
   *
   * @throws {HttpError} `ERR_HTTP` for a status other than 2xx, and `ERR_NETWORK`,
   *   `ERR_TIMEOUT` or `ERR_ABORTED` when no response arrives.
   * @example
   * ```ts
   * const { status } = await push.ping({ timeout: 1000 }); // 200
   * ```
   */
  ping(options: PingOptions = {}): Promise<PingResult> {
    return this.client.ping(options);
  }

  /**
   * Drains and closes the client; Nest calls it on application shutdown.
   * @internal
   */
  async onApplicationShutdown(): Promise<void> {
    const { drainTimeout } = this.#options;
    const started = performance.now();
    if (this.#inFlight.size > 0) {
      this.#logger.log(
        `Client "${this.name}" (${this.client.url}): waiting up to ${drainTimeout} ms for ` +
          `${this.#inFlight.describe()} in flight before closing.`,
      );
    }
    const pending = await this.#inFlight.settle(drainTimeout);
    if (pending > 0) {
      this.#logger.warn(
        `Client "${this.name}" (${this.client.url}): ${this.#inFlight.describe()} still pending after ` +
          `drainTimeout (${drainTimeout} ms); aborting them and closing the client.`,
      );
      this.#shutdown.abort(
        new Error(`The application shut down before the request settled (drainTimeout ${drainTimeout} ms).`),
      );
    }
    // Pushes and calls made on `client` directly get what is left of the drain window, after which
    // the client rejects them with ERR_CLOSED.
    const remaining = Math.max(0, drainTimeout - Math.ceil(performance.now() - started));
    await this.client.close({ drainTimeout: remaining });
  }

  /** Returns a description without key or secret, for logs. */
  toString(): string {
    return `AutobahnPushService(${this.name}: ${this.client})`;
  }

  // Starts a push or call whose signal aborts on the caller's signal or at the drain
  // deadline, and tracks it for the drain.
  #track<R>(
    kind: RequestKind,
    callerSignal: AbortSignal | undefined,
    send: (signal: AbortSignal) => Promise<R>,
  ): Promise<R> {
    if (callerSignal === undefined) {
      return this.#inFlight.track(kind, send(this.#shutdown.signal));
    }
    if (!(callerSignal instanceof AbortSignal)) {
      // Passed on unchanged, so that the core client rejects it with an InvalidArgumentError
      // rather than addEventListener throwing a TypeError here.
      return send(callerSignal);
    }

    // Linked by hand rather than with AbortSignal.any(), so that nothing stays attached to
    // the long-lived shutdown signal once the request has settled.
    const controller = new AbortController();
    const abortOnCaller = (): void => controller.abort(callerSignal.reason);
    const abortOnShutdown = (): void => controller.abort(this.#shutdown.signal.reason);
    if (callerSignal.aborted) {
      abortOnCaller();
    }
    callerSignal.addEventListener('abort', abortOnCaller, { once: true });
    this.#shutdown.signal.addEventListener('abort', abortOnShutdown, { once: true });
    const detach = (): void => {
      callerSignal.removeEventListener('abort', abortOnCaller);
      this.#shutdown.signal.removeEventListener('abort', abortOnShutdown);
    };
    const request = send(controller.signal);
    request.then(detach, detach);

    return this.#inFlight.track(kind, request);
  }
}
