import type {
  Client,
  PublishMessage,
  PushOptions,
  PushReceipt,
  RequestOptions,
  TopicMap,
} from '@autobahnpush/core';
import { InvalidArgumentError } from '@autobahnpush/core';
import { setMaxListeners } from 'node:events';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER_CONTEXT } from './autobahn-push.constants.js';
import { InFlightPushes } from './in-flight-pushes.js';
import type { NormalizedModuleOptions } from './normalize-module-options.js';
import { probeEndpoint } from './probe-endpoint.js';

const DEFAULT_PING_TIMEOUT = 3000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Options of {@link AutobahnPushService.ping}. */
export interface PingOptions {
  /**
   * Milliseconds to wait for the response status.
   *
   * @default 3000
   * @example 1000
   */
  timeout?: number;
}

/**
 * Pushes events through the client that one `AutobahnPushModule` registration configured.
 * `AutobahnPushModule` creates it: inject it by class for the default client, or with
 * `@InjectAutobahnPush(name)` for a named one; do not list it in `providers` yourself.
 *
 * Every push made through the service is tracked. On application shutdown (with
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
export class AutobahnPushService<Topics extends TopicMap = Record<string, unknown>>
  implements OnApplicationShutdown
{
  /** Name of the registration, `'default'` unless `forRoot` was given a `name`. */
  readonly name: string;
  readonly #options: NormalizedModuleOptions;
  readonly #inFlight = new InFlightPushes();
  readonly #shutdown = new AbortController();
  readonly #logger = new Logger(LOGGER_CONTEXT);

  /** @internal `AutobahnPushModule` creates the service; applications inject it. */
  constructor(options: NormalizedModuleOptions, name: string) {
    this.#options = options;
    this.name = name;
    // Every push in flight listens on this signal, and more than 10 of them are normal.
    setMaxListeners(0, this.#shutdown.signal);
  }

  /**
   * The underlying core `Client`, for anything the service does not wrap, such as `call`.
   * At shutdown, pushes made on it directly are not counted in the drain log line, but
   * the client still waits for them until `drainTimeout` ends.
   */
  get client(): Client<Topics> {
    return this.#options.client as Client<Topics>;
  }

  /** Number of pushes sent through this service that have not settled yet. */
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
    return this.#track(options.signal, (signal) =>
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
    return this.#track(options.signal, (signal) =>
      this.client.publish(topic, message, { ...options, signal }),
    );
  }

  /**
   * Sends an HTTP `OPTIONS` request to the push endpoint that the client uses next, with the
   * configured `headers` and `ca`, and returns the response status. Crossbar's HTTP bridge responds with 200.
   *
   * @throws {Error} when the request fails or times out; the message names the URL.
   * @example
   * ```ts
   * const status = await push.ping({ timeout: 1000 }); // 200
   * ```
   */
  async ping(options: PingOptions = {}): Promise<number> {
    const timeout = options.timeout ?? DEFAULT_PING_TIMEOUT;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMER_MS) {
      throw new InvalidArgumentError(
        `Invalid ping timeout ${String(timeout)}: pass an integer number of milliseconds from 1 to ${MAX_TIMER_MS}.`,
      );
    }

    return probeEndpoint(this.client.url, { headers: this.#options.headers, ca: this.#options.ca, timeout });
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
          `${this.#inFlight.size} in-flight push(es) before closing.`,
      );
    }
    const pending = await this.#inFlight.settle(drainTimeout);
    if (pending > 0) {
      this.#logger.warn(
        `Client "${this.name}" (${this.client.url}): ${pending} push(es) still pending after ` +
          `drainTimeout (${drainTimeout} ms); aborting them and closing the client.`,
      );
      this.#shutdown.abort(
        new Error(`The application shut down before the push settled (drainTimeout ${drainTimeout} ms).`),
      );
    }
    // Pushes made on `client` directly get what is left of the drain window, after which
    // the client rejects them with ERR_CLOSED.
    const remaining = Math.max(0, drainTimeout - Math.ceil(performance.now() - started));
    await this.client.close({ drainTimeout: remaining });
  }

  /** Returns a description without key or secret, for logs. */
  toString(): string {
    return `AutobahnPushService(${this.name}: ${this.client})`;
  }

  // Starts a push whose signal aborts on the caller's signal or at the drain deadline, and
  // tracks it for the drain.
  #track(
    callerSignal: AbortSignal | undefined,
    send: (signal: AbortSignal) => Promise<PushReceipt>,
  ): Promise<PushReceipt> {
    if (callerSignal === undefined) {
      return this.#inFlight.track(send(this.#shutdown.signal));
    }

    // Linked by hand rather than with AbortSignal.any(), so that nothing stays attached to
    // the long-lived shutdown signal once the push has settled.
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
    const push = send(controller.signal);
    push.then(detach, detach);

    return this.#inFlight.track(push);
  }
}
