import {
  type NormalizedClientOptions,
  type ClientOptions,
  type PushProtocol,
  normalizeClientOptions,
} from './client-options.js';
import { describeValue } from './describe-value.js';
import {
  type CallInput,
  type CallOptions,
  type ProcedureMap,
  type ProcedureSignature,
  readCallOptions,
  serializeCall,
} from './call.js';
import { Delivery, type PreparedPush } from './delivery.js';
import {
  AbortedError,
  ClosedError,
  HttpError,
  InvalidArgumentError,
  PayloadTooLargeError,
  QueueFullError,
} from './errors.js';
import { serializeJson } from './json.js';
import {
  type Audience,
  type PublishMessage,
  assertPublishMessage,
  serializeCrossbarPublication,
  serializeCrossbarPush,
} from './publication.js';
import { isPlainObject } from './publish-options.js';
import { Limiter } from './limiter.js';
import { platform } from './platform/current.js';
import { type CallResult, type PushReceipt, readCallResponse } from './response.js';
import { toApplianceSessionIds } from './session-id.js';
import { assertApplianceTopic } from './uri.js';

/**
 * Maps each topic to the type of its event, so `push` checks events at compile time.
 *
 * @example
 * ```ts
 * type Topics = { 'com.shop.order_created': { id: number } };
 * const client = new Client<Topics>(url);
 * await client.push('com.shop.order_created', { id: 42 }); // checked
 * ```
 */
export type TopicMap = Record<string, unknown>;

/** Options of one {@link Client.push}. */
export interface PushOptions extends Audience {
  /** Aborts the push; it then rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
}

/** Options of one {@link Client.publish}. */
export interface RequestOptions {
  /** Aborts the request; it then rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
}

const kClient = Symbol.for('@autobahnpush/core.client');

/**
 * Tells whether `value` is a {@link Client} from any loaded copy of this package, so a
 * framework integration accepts a client built from the CommonJS or the ESM build.
 */
export function isClient(value: unknown): value is Client {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[kClient] === true
  );
}

/** Options of {@link Client.ping}. */
export interface PingOptions {
  /** Aborts the ping; it then rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
  /** Milliseconds the ping may take. @default the client's `timeout` */
  timeout?: number;
}

/** Result of a successful {@link Client.ping}. */
export interface PingResult {
  /** The URL that responded, without query string. */
  url: string;
  /** Its HTTP status, 2xx. */
  status: number;
}

/** Options of {@link Client.close}. */
export interface CloseOptions {
  /**
   * Milliseconds to wait for queued and in-flight pushes. When it passes, queued pushes
   * and pushes still in flight reject with `ERR_CLOSED`.
   * @default undefined (wait until every push has settled)
   */
  drainTimeout?: number;
}

/**
 * Pushes events to a WAMP router's HTTP push endpoint. One client keeps a pool of
 * keep-alive connections to the router; share it across the whole application.
 *
 * @example
 * ```ts
 * const client = new Client('https://router.example.com/publish', { key, secret });
 * const { id } = await client.push('com.myapp.order_created', { id: 42 }, { exclude: [senderSession] });
 * ```
 */
export class Client<
  Topics extends TopicMap = Record<string, unknown>,
  Procedures extends ProcedureMap = Record<string, ProcedureSignature>,
> {
  readonly #options: NormalizedClientOptions;
  readonly #delivery: Delivery;
  #callDelivery: Delivery | undefined;
  readonly #limiter: Limiter;
  readonly #release = (): void => this.#limiter.release();
  #closing: Promise<void> | undefined;

  /**
   * @param url - http or https URL of the push endpoint: Crossbar's HTTP bridge publisher
   *   (for example `https://router.example.com/publish`) or the appliance's push URL. An
   *   array lists failover URLs: a connection failure moves on to the next one.
   * @throws {InvalidArgumentError} when a URL or an option is invalid.
   */
  constructor(url: string | URL | readonly (string | URL)[], options: ClientOptions = {}) {
    this.#options = normalizeClientOptions(url, options);
    this.#delivery = new Delivery(this.#options);
    this.#limiter = new Limiter(this.#options.maxInFlight, this.#options.maxQueue);
    Object.defineProperty(this, kClient, { value: true });
  }

  /** The endpoint URL the next push goes to first, without query string or credentials. */
  get url(): string {
    return this.#delivery.currentUrl;
  }

  /** The wire protocol this client speaks. */
  get protocol(): PushProtocol {
    return this.#options.protocol;
  }

  /** Whether requests are signed with a key and secret. */
  get signed(): boolean {
    return this.#options.credentials !== undefined;
  }

  /** Router clock minus local clock in milliseconds, as configured or last measured. */
  get clockOffsetMs(): number {
    return this.#delivery.clockOffsetMs;
  }

  /** Pushes currently sent and not yet settled. */
  get inFlight(): number {
    return this.#limiter.inFlight;
  }

  /** Pushes waiting for a free slot (see `maxInFlight`). */
  get queued(): number {
    return this.#limiter.queued;
  }

  /**
   * Publishes `event` to `topic`; subscribers receive it as `args[0]`.
   *
   * @returns a receipt with the WAMP publication ID (Crossbar) or without one (appliance).
   * @throws {AutobahnPushError} `ERR_INVALID_ARGUMENT` before sending for a bad topic, event
   *   or session ID; afterwards the error that matches the router's response.
   */
  push<T extends keyof Topics & string>(topic: T, event: Topics[T], options?: PushOptions): Promise<PushReceipt> {
    // Not an async function, which would wrap the delivery's promise in one more.
    try {
      this.#assertOpen(topic);
      const { exclude, eligible, signal } = readPushOptions(options);
      const prepared =
        this.#options.protocol === 'crossbar'
          ? { topic, body: serializeCrossbarPush(topic, event, { exclude, eligible }) }
          : prepareAppliancePush(topic, event, exclude, eligible);

      return this.#send(prepared, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Publishes the full WAMP form: positional `args`, keyword `kwargs` and publish `options`
   * (`exclude`, `eligible`, `exclude_authid`, `eligible_authid`, `exclude_authrole`,
   * `eligible_authrole`, `exclude_me`, `retain`), passed to the router unchanged.
   *
   * On the appliance protocol only `{ args: [event] }` with `exclude`/`eligible` can be
   * carried; anything else rejects with `ERR_INVALID_ARGUMENT` rather than being dropped.
   */
  async publish<T extends keyof Topics & string>(
    topic: T,
    message: PublishMessage,
    options?: RequestOptions,
  ): Promise<PushReceipt> {
    this.#assertOpen(topic);
    const { signal } = readPushOptions(options, true);
    if (this.#options.protocol === 'crossbar') {
      return this.#send({ topic, body: serializeCrossbarPublication(topic, message) }, signal);
    }
    assertApplianceMessage(message);
    const event = message.args?.[0];

    return this.#send(
      prepareAppliancePush(topic, event, message.options?.exclude, message.options?.eligible),
      signal,
    );
  }

  /**
   * Calls a WAMP procedure through Crossbar's HTTP bridge Caller and returns its result.
   * Needs the `callUrl` option. A call is never repeated once its request was written, so a
   * procedure with side effects runs at most once per call.
   *
   * @throws {AutobahnPushError} `ERR_CALL_FAILED` when the callee raised an error (with its
   *   URI, args and kwargs), `ERR_NO_SUCH_PROCEDURE` when no callee is registered, and the
   *   same transport and HTTP errors as `push`.
   * @example
   * ```ts
   * const client = new Client(url, { key, secret, callUrl: true });
   * const { args } = await client.call('com.myapp.add2', { args: [1, 2] }); // [3]
   * ```
   */
  async call<P extends keyof Procedures & string>(
    procedure: P,
    input?: CallInput<Procedures[P]>,
    options?: CallOptions,
  ): Promise<CallResultOf<Procedures[P]>> {
    if (this.#closing !== undefined) {
      throw new ClosedError(
        `Cannot call procedure ${describeValue(procedure)}: the client was closed. Create a new Client.`,
        { procedure, url: this.url },
      );
    }
    if (this.#options.protocol !== 'crossbar') {
      throw new InvalidArgumentError(
        `Cannot call procedure ${describeValue(procedure)}: the appliance protocol has no ` +
          'remote procedure calls; use a Crossbar.io HTTP bridge Caller with protocol "crossbar".',
        { procedure },
      );
    }
    const callEndpoints = this.#options.callEndpoints;
    if (callEndpoints === undefined) {
      throw new InvalidArgumentError(
        `Cannot call procedure ${describeValue(procedure)}: no Caller URL is configured. Pass ` +
          'the callUrl option, or callUrl: true to use the "call" sibling of the publisher URL.',
        { procedure },
      );
    }
    const { signal, timeout } = readCallOptions(options);
    const body = serializeCall(procedure, input);
    this.#callDelivery ??= new Delivery({ ...this.#options, endpoints: callEndpoints });
    const prepared: PreparedPush<CallResult> = { topic: procedure, body, read: readCallResponse, timeout };

    return this.#send(prepared, signal, this.#callDelivery) as Promise<CallResultOf<Procedures[P]>>;
  }

  /**
   * Checks that the push endpoint responds: sends one `OPTIONS` request to the current URL,
   * to which Crossbar's HTTP bridge responds with 200. For health checks.
   *
   * @returns the URL and status when the status is 2xx.
   * @throws {AutobahnPushError} `ERR_HTTP` for any other status, `ERR_TIMEOUT`,
   *   `ERR_NETWORK` or `ERR_ABORTED`.
   */
  async ping(options?: PingOptions): Promise<PingResult> {
    if (this.#closing !== undefined) {
      throw new ClosedError('Cannot ping: the client was closed. Create a new Client.', { url: this.url });
    }
    const { signal, timeout } = readCallOptions(options);
    const result = await this.#delivery.ping(timeout ?? this.#options.timeout, signal);
    if (result.status < 200 || result.status > 299) {
      throw new HttpError(
        `OPTIONS ${result.url} responded with ${result.status}; the push endpoint is not healthy. ` +
          'Check the URL and that the router runs its HTTP bridge there.',
        { url: result.url, status: result.status, reason: `status ${result.status}` },
      );
    }

    return result;
  }

  /**
   * Resolves when every queued and in-flight push has settled. Serverless handlers call it
   * before they return, so no push is cut off when the runtime freezes.
   */
  flush(): Promise<void> {
    return this.#limiter.flush();
  }

  /**
   * Stops accepting pushes, waits for queued and in-flight pushes to settle (at most
   * `drainTimeout` ms, after which they reject with `ERR_CLOSED`), then closes the pooled
   * connections. Calling it again returns the same promise.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#shutdown(readDrainTimeout(options));

    return this.#closing;
  }

  /** Returns a description without key or secret, for logs. */
  toString(): string {
    return `Client(${this.#options.protocol} ${this.url}${this.signed ? ', signed' : ''})`;
  }

  /** Serialises to the same safe description, never the secret. */
  toJSON(): { url: string; protocol: PushProtocol; signed: boolean } {
    return { url: this.url, protocol: this.protocol, signed: this.signed };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #assertOpen(topic: string): void {
    if (this.#closing !== undefined) {
      throw new ClosedError(
        `Cannot push to topic ${describeValue(topic)}: the client was closed. Create a new Client.`,
        { topic, url: this.url },
      );
    }
  }

  // Checks, a slot, then delivery, which settles the only promise of a push that succeeds
  // first time. It throws for invalid input, so callers turn that into a rejection.
  // Error details are built only on the branch that throws.
  #send<R = PushReceipt>(
    prepared: PreparedPush<R>,
    signal: AbortSignal | undefined,
    delivery: Delivery = this.#delivery,
  ): Promise<R> {
    const options = this.#options;
    if (options.maxBodyBytes !== undefined) {
      const bytes = platform.byteLength(prepared.body);
      if (bytes > options.maxBodyBytes) {
        throw new PayloadTooLargeError(
          `The ${describeRequest(prepared, 'body for')} is ${bytes} bytes, over ` +
            `maxBodyBytes (${options.maxBodyBytes}); send a smaller event or raise the limit.`,
          { ...this.#contextOf(prepared), bytes, limit: options.maxBodyBytes },
        );
      }
    }
    if (signal?.aborted) {
      throw this.#abortedBeforeSending(prepared, signal);
    }

    const slot = this.#limiter.acquire(
      signal,
      signal === undefined ? undefined : () => this.#abortedBeforeSending(prepared, signal),
    );
    if (slot === false) {
      throw new QueueFullError(
        `The ${describeRequest(prepared)} was not queued: ${options.maxQueue} requests are ` +
          'already waiting. Slow down, await earlier ones, or raise maxQueue.',
        { ...this.#contextOf(prepared), limit: options.maxQueue },
      );
    }
    if (slot !== undefined) {
      return slot.then(() => delivery.deliver(prepared, signal, this.#release));
    }

    return delivery.deliver(prepared, signal, this.#release);
  }

  #abortedBeforeSending(prepared: PreparedPush<unknown>, signal: AbortSignal): AbortedError {
    return new AbortedError(`The ${describeRequest(prepared)} was aborted before it was sent.`, {
      ...this.#contextOf(prepared),
      cause: signal.reason,
    });
  }

  #contextOf(prepared: PreparedPush<unknown>): { topic?: string; procedure?: string; url: string } {
    return prepared.read === undefined
      ? { topic: prepared.topic, url: this.url }
      : { procedure: prepared.topic, url: this.url };
  }

  async #shutdown(drainTimeout: number | undefined): Promise<void> {
    const flushed = this.#limiter.flush();
    if (drainTimeout !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const expired = await Promise.race([
        flushed.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), drainTimeout);
        }),
      ]);
      clearTimeout(timer);
      if (expired) {
        const queued = this.#limiter.rejectQueued(
          () =>
            new ClosedError(
              `The push was still queued when close() reached its drainTimeout of ${drainTimeout} ms.`,
              { url: this.url },
            ),
        );
        const inFlight = this.#limiter.inFlight;
        this.#delivery.cancelAll();
        this.#callDelivery?.cancelAll();
        this.#options.logger.warn(
          `Closing the push client after its drainTimeout of ${drainTimeout} ms: rejected ` +
            `${queued} queued and ${inFlight} in-flight push(es) with ERR_CLOSED.`,
        );
      }
    }
    await flushed;
    await Promise.all([this.#delivery.close(), this.#callDelivery?.close()]);
  }
}

/** The result type of a call of a procedure described by `Signature`. */
export type CallResultOf<Signature extends ProcedureSignature> = CallResult<
  Signature['result'] extends { args: infer Args extends readonly unknown[] } ? Args : unknown[],
  Signature['result'] extends { kwargs: infer Kwargs } ? Kwargs : Record<string, unknown>
>;

function readPushOptions(
  options: unknown,
  signalOnly = false,
): { exclude?: (number | string)[]; eligible?: (number | string)[]; signal?: AbortSignal } {
  if (options === undefined) {
    return {};
  }
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      `Invalid push options ${describeValue(options)}: pass an object such as { exclude: [123] }.`,
    );
  }
  const allowed = signalOnly ? ['signal'] : ['exclude', 'eligible', 'signal'];
  for (const name of Object.keys(options)) {
    if (!allowed.includes(name)) {
      throw new InvalidArgumentError(
        `Unknown option "${name}": supported options are ${allowed.join(', ')}.` +
          (signalOnly ? ' Put publish options inside message.options.' : ''),
      );
    }
  }
  const signal = options.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(
      `Invalid signal ${describeValue(signal)}: pass an AbortSignal, for example AbortSignal.timeout(5000).`,
    );
  }

  return options as { exclude?: (number | string)[]; eligible?: (number | string)[]; signal?: AbortSignal };
}

function prepareAppliancePush(
  topic: string,
  event: unknown,
  exclude: readonly unknown[] | undefined,
  eligible: readonly unknown[] | undefined,
): PreparedPush {
  assertApplianceTopic(topic);

  return {
    topic,
    body: serializeJson(event, 'event', { role: 'topic', name: topic }),
    exclude: exclude === undefined ? undefined : toApplianceSessionIds(exclude, 'exclude'),
    eligible: eligible === undefined ? undefined : toApplianceSessionIds(eligible, 'eligible'),
  };
}

/**
 * Validates a publication for the appliance protocol, which carries one event and the
 * `exclude`/`eligible` lists: anything else would be dropped, so it is an error instead.
 *
 * @throws {InvalidArgumentError} naming what the appliance cannot carry.
 */
export function assertApplianceMessage(message: unknown): asserts message is PublishMessage {
  assertPublishMessage(message, 'appliance');
  const args = message.args ?? [];
  if (args.length !== 1) {
    throw new InvalidArgumentError(
      `The appliance protocol carries exactly one event, but args has ${args.length} ` +
        'entries; pass { args: [event] } or switch to protocol "crossbar".',
    );
  }
  if (message.kwargs !== undefined && Object.keys(message.kwargs).length > 0) {
    throw new InvalidArgumentError(
      'The appliance protocol cannot carry kwargs; put the data into args[0] or switch to ' +
        'protocol "crossbar".',
    );
  }
  for (const name of Object.keys(message.options ?? {})) {
    if (name !== 'exclude' && name !== 'eligible') {
      throw new InvalidArgumentError(
        `The appliance protocol cannot carry the publish option "${name}"; it supports only ` +
          'exclude and eligible. Remove it or switch to protocol "crossbar".',
      );
    }
  }
}


function describeRequest(prepared: PreparedPush<unknown>, prefix?: string): string {
  const kind = prepared.read === undefined ? 'topic' : 'procedure';
  const head = prefix ?? (prepared.read === undefined ? 'push to' : 'call of');

  return `${head} ${kind} ${describeValue(prepared.topic)}`;
}

function readDrainTimeout(options: unknown): number | undefined {
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      `Invalid close options ${describeValue(options)}: pass an object such as { drainTimeout: 5000 }.`,
    );
  }
  const { drainTimeout } = options;
  if (drainTimeout === undefined) {
    return undefined;
  }
  if (typeof drainTimeout !== 'number' || !Number.isInteger(drainTimeout) || drainTimeout < 0) {
    throw new InvalidArgumentError(
      `Invalid drainTimeout ${describeValue(drainTimeout)}: pass milliseconds as an integer of 0 or more.`,
    );
  }

  return drainTimeout;
}
