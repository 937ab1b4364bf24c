import { createApplianceRequest } from './appliance-request.js';
import { crossbarQuery, crossbarSignatureQuery } from './crossbar-request.js';
import type { Endpoint, NormalizedClientOptions } from './client-options.js';
import { describeValue } from './describe-value.js';
import { type AutobahnPushError, ClockSkewError, HttpError } from './errors.js';
import {
  failureChannel,
  retryChannel,
  silentLogger,
  startChannel,
  successChannel,
} from './observability.js';
import {
  type PushReceipt,
  type ResponseContext,
  readApplianceResponse,
  readCrossbarResponse,
} from './response.js';
import { backoffDelay, parseRetryAfter } from './retry-policy.js';
import { formatApplianceTimestamp, formatCrossbarTimestamp } from './timestamp.js';
import type { PushHttpRequest } from './http-request.js';
import { randomNonce } from './nonce.js';
import { platform } from './platform/current.js';
import type { Signer } from './platform/types.js';
import {
  type CancelKind,
  PromisedRequest,
  RequestHandle,
  type Transport,
  TransportFailure,
  type TransportResponse,
} from './transport-types.js';
import { offAbort, onAbort } from './abort-listeners.js';
import { failureToError, redactError } from './transport-errors.js';
import { type TimedEntry, TimeoutList } from './timeout-list.js';

/** Reads a 2xx-or-error HTTP response into a result, or throws the typed error it means. */
export type ResponseReader<R> = (status: number, text: string, context: ResponseContext) => R;

/** A validated push or call, serialised once and ready to be signed for each attempt. */
export interface PreparedPush<R = PushReceipt> {
  /** Topic of a push, or procedure of a call. */
  topic: string;
  body: string;
  exclude?: string[] | undefined;
  eligible?: string[] | undefined;
  /** Set for calls: reads the Caller's response instead of a publisher's. */
  read?: ResponseReader<R> | undefined;
  /** Per-request timeout overriding the client's. */
  timeout?: number | undefined;
}

interface EndpointState extends Endpoint {
  /** Position in the list of URLs. */
  index: number;
  pathPrefix: string;
  /** `pathPrefix` followed by `?` or `&`, ready for the query. */
  queryPrefix: string;
  transport: Transport;
}

type Decision<R = unknown> =
  | { kind: 'done'; receipt: R }
  | { kind: 'fail'; error: AutobahnPushError }
  | { kind: 'retry'; error: AutobahnPushError; delay: number; usesBudget: boolean };

const EXPIRED = /request expired/i;

/**
 * Sends prepared pushes: signs each attempt anew, retries what is safe to retry, fails
 * over between URLs, corrects the clock once on "Request expired", and reports every
 * step on `diagnostics_channel` and to the logger.
 */
export class Delivery {
  readonly #options: NormalizedClientOptions;
  readonly #endpoints: EndpointState[];
  // Retry waits and pings, for cancelAll(). Attempts in flight are in #timeouts.
  readonly #pending = new Set<{ cancel: (kind: CancelKind) => void }>();
  // Attempts in flight, by their timeout in milliseconds.
  readonly #timeouts = new Map<number, TimeoutList>();
  readonly #dropTimeoutList = (list: TimeoutList): void => {
    if (this.#timeouts.get(list.duration) === list) {
      this.#timeouts.delete(list.duration);
    }
  };
  #current = 0;
  #seq = 0;
  #clockOffsetMs: number;
  readonly #signer: Signer | undefined;
  // Shared by every Crossbar request of this client: the transport computes Content-Length
  // from the body, so nothing in the headers changes per request.
  readonly #crossbarHeaders: Record<string, string>;
  readonly #encodedKey: string;

  constructor(options: NormalizedClientOptions) {
    this.#options = options;
    this.#clockOffsetMs = options.clockOffsetMs;
    this.#crossbarHeaders = { ...options.headers, 'content-type': 'application/json' };
    this.#encodedKey = options.credentials === undefined ? '' : encodeURIComponent(options.credentials.key);
    this.#signer =
      options.credentials === undefined
        ? undefined
        : platform.createSigner(options.credentials.secret, options.transport);
    const pools = new Map<string, Transport>();
    this.#endpoints = options.endpoints.map((endpoint, index) => {
      const origin = endpoint.url.origin;
      let transport = pools.get(origin);
      if (transport === undefined) {
        transport = platform.createTransport(options.transport, origin, {
          connectTimeout: options.timeout,
          connections: options.connections,
          pipelining: options.pipelining,
          ca: options.ca,
        });
        pools.set(origin, transport);
      }

      const pathPrefix = endpoint.url.pathname + endpoint.url.search;
      const queryPrefix = pathPrefix + (endpoint.url.search === '' ? '?' : '&');

      return { ...endpoint, index, pathPrefix, queryPrefix, transport };
    });
  }

  /** Router clock minus local clock in milliseconds, as set or last measured. */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /** The URL the next push goes to first: the last one that did not fail to connect. */
  get currentUrl(): string {
    return this.#endpoints[this.#current]!.displayUrl;
  }

  /**
   * Sends `prepared` until it succeeds or fails for good. Calls (`prepared.read` set) are
   * never repeated once written, even with `retry.unsafe`. `release` runs just before the
   * returned promise settles. Transport callbacks drive the attempts, so a push that
   * succeeds first time allocates this one promise.
   */
  deliver<R = PushReceipt>(
    prepared: PreparedPush<R>,
    signal: AbortSignal | undefined,
    release?: () => void,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const run = new DeliveryRun(prepared, signal, prepared.timeout ?? this.#options.timeout, this.#options.deadline);
      run.resolve = resolve as (receipt: unknown) => void;
      run.reject = reject;
      run.release = release;
      this.#startAttempt(run);
    });
  }

  /**
   * Sends `OPTIONS` to the current URL once, without retries: Crossbar's bridge responds with
   * 200 and an empty body, so this tells whether the endpoint is up.
   */
  async ping(timeout: number, signal: AbortSignal | undefined): Promise<{ url: string; status: number }> {
    const endpoint = this.#endpoints[this.#current]!;
    const request = new PromisedRequest();
    const timer = setTimeout(() => request.cancel('timeout'), timeout);
    if (signal?.aborted) {
      request.cancel('aborted');
    } else if (signal !== undefined) {
      onAbort(signal, request);
    }
    this.#pending.add(request);
    try {
      endpoint.transport.send(endpoint.pathPrefix, this.#options.headers, '', request, 'OPTIONS');
      const response = await request.response;

      return { url: endpoint.displayUrl, status: response.status };
    } catch (failure) {
      const error = failureToError(failure as TransportFailure, {
        url: endpoint.displayUrl,
        timeout,
        method: 'OPTIONS',
      });
      if (error.code === 'ERR_NETWORK') {
        redactError(error, this.#options.secrets);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      if (signal !== undefined) {
        offAbort(signal, request);
      }
      this.#pending.delete(request);
    }
  }

  /** Fails every attempt in flight and every retry wait with `ERR_CLOSED`. */
  cancelAll(): void {
    for (const handle of this.#pending) {
      handle.cancel('closed');
    }
    for (const list of [...this.#timeouts.values()]) {
      for (const entry of list.entries()) {
        (entry as Attempt).cancel('closed');
      }
    }
  }

  /** Closes the connection pools once the requests in them have finished. */
  async close(): Promise<void> {
    const transports = new Set(this.#endpoints.map((endpoint) => endpoint.transport));
    await Promise.all([...transports].map((transport) => transport.close()));
  }

  /**
   * Judges the outcome of an attempt and then resolves, rejects or schedules the next
   * attempt. It runs once per attempt: from {@link Attempt}, or directly for an attempt
   * that ends before it is sent.
   */
  finishAttempt(attempt: Attempt, outcome: TransportResponse | TransportFailure): void {
    const run = attempt.run;
    attempt.list?.remove(attempt);
    if (run.signal !== undefined) {
      offAbort(run.signal, attempt);
    }
    try {
      this.#decide(run, outcome);
    } catch (error) {
      // Only the logger can throw here: the push then rejects with the logger's error
      // instead of staying pending with its slot taken.
      this.#settle(run, undefined, error as AutobahnPushError);
    }
  }

  #decide(run: DeliveryRun, outcome: TransportResponse | TransportFailure): void {
    const options = this.#options;
    const prepared = run.prepared;
    const endpoint = run.endpoint!;
    let decision: Decision;
    if (outcome instanceof TransportFailure) {
      run.status = undefined;
      const deadlineHit = outcome.kind === 'timeout' && run.attemptTimeout < run.timeout;
      const error = failureToError(outcome, {
        ...subjectOf(prepared),
        url: endpoint.displayUrl,
        timeout: run.attemptTimeout,
        deadline: deadlineHit ? options.deadline : undefined,
      });
      decision = deadlineHit
        ? { kind: 'fail', error }
        : this.#judgeFailure(outcome, error, run.retriesUsed, false, run.isCall);
      if (decision.kind === 'retry' && !decision.usesBudget) {
        run.failedConnections += 1;
        // Only the first of several pushes that fail on the same URL moves the rest on:
        // each moving one step would take an even number of them back to the dead URL.
        if (this.#current === endpoint.index) {
          this.#current = (endpoint.index + 1) % this.#endpoints.length;
        }
        if (run.failedConnections >= this.#endpoints.length) {
          run.failedConnections = 0;
          decision = this.#judgeFailure(outcome, error, run.retriesUsed, true, run.isCall);
        }
      }
    } else {
      run.status = outcome.status;
      run.failedConnections = 0;
      decision = this.#judgeResponse(outcome, prepared, endpoint, run.retriesUsed, run.clockCorrected);
      if (decision.kind === 'retry' && decision.error.code === 'ERR_CLOCK_SKEW') {
        run.clockCorrected = true;
      }
    }

    if (decision.kind === 'done') {
      if (successChannel.hasSubscribers || options.logger !== silentLogger) {
        this.#reportSuccess(this.#report(run), run.status, run.started, decision.receipt);
      }
      this.#settle(run, decision.receipt, undefined);

      return;
    }
    if (decision.kind === 'retry' && Date.now() + decision.delay < run.deadlineAt) {
      if (decision.usesBudget) {
        run.retriesUsed += 1;
      }
      this.#reportRetry(this.#report(run), decision, run.status);
      this.#wait(run, decision.delay);

      return;
    }
    this.#fail(run, decision.error);
  }

  #startAttempt(run: DeliveryRun): void {
    run.attempt += 1;
    const endpoint = this.#endpoints[this.#current]!;
    run.endpoint = endpoint;
    // The report is built only when a channel, the logger or a failure will read it.
    run.message = undefined;
    if (startChannel.hasSubscribers) {
      startChannel.publish(this.#report(run));
    }

    const attempt = new Attempt(this, run);
    run.attemptTimeout = Math.min(run.timeout, run.deadlineAt - Date.now());
    if (run.attemptTimeout <= 0) {
      this.finishAttempt(attempt, new TransportFailure('timeout', false, undefined, undefined));

      return;
    }
    // A signal that fired between attempts sends no abort event to a new listener.
    if (run.signal?.aborted) {
      this.finishAttempt(attempt, new TransportFailure('aborted', false, undefined, undefined));

      return;
    }
    let timeouts = this.#timeouts.get(run.attemptTimeout);
    if (timeouts === undefined) {
      timeouts = new TimeoutList(run.attemptTimeout, this.#dropTimeoutList);
      this.#timeouts.set(run.attemptTimeout, timeouts);
    }
    timeouts.add(attempt);
    if (run.signal !== undefined) {
      onAbort(run.signal, attempt);
    }

    let built: PushHttpRequest | Promise<PushHttpRequest>;
    try {
      built = this.#buildRequest(endpoint, run.prepared);
    } catch (error) {
      attempt.onFailure(asFailure(error));

      return;
    }
    if (built instanceof Promise) {
      built.then(
        (request) => endpoint.transport.send(request.url, request.headers, request.body, attempt),
        (error: unknown) => attempt.onFailure(asFailure(error)),
      );
    } else {
      endpoint.transport.send(built.url, built.headers, built.body, attempt);
    }
  }

  // Waits `delay` ms before the next attempt. close() and the signal end the wait early.
  #wait(run: DeliveryRun, delay: number): void {
    if (delay <= 0 && !run.signal?.aborted) {
      queueMicrotask(() => this.#startAttempt(run));

      return;
    }
    // Stops listening for close() and the signal, once the wait ends either way.
    const detach = (): void => {
      if (run.signal !== undefined) {
        offAbort(run.signal, pause);
      }
      this.#pending.delete(pause);
    };
    const pause: { cancel: (kind: CancelKind) => void; handleEvent: () => void } = {
      cancel: (kind) => {
        clearTimeout(timer);
        detach();
        const failure = new TransportFailure(kind, false, undefined, undefined);
        const error = failureToError(failure, {
          ...subjectOf(run.prepared),
          url: run.endpoint!.displayUrl,
          timeout: run.timeout,
        });
        try {
          this.#fail(run, error);
        } catch (loggerError) {
          this.#settle(run, undefined, loggerError as AutobahnPushError);
        }
      },
      handleEvent: () => pause.cancel('aborted'),
    };
    const timer = setTimeout(() => {
      detach();
      this.#startAttempt(run);
    }, delay);
    this.#pending.add(pause);
    if (run.signal?.aborted) {
      pause.cancel('aborted');

      return;
    }
    if (run.signal !== undefined) {
      onAbort(run.signal, pause);
    }
  }

  #fail(run: DeliveryRun, error: AutobahnPushError): void {
    error.attempts = run.attempt;
    // Library messages never contain the key or secret, and server text is redacted where
    // it is copied. Only the wording of a network failure comes from elsewhere.
    if (error.code === 'ERR_NETWORK') {
      redactError(error, this.#options.secrets);
    }
    this.#reportFailure(this.#report(run), run.status, run.started, error);
    this.#settle(run, undefined, error);
  }

  // Frees the push's slot and settles its promise, once.
  #settle(run: DeliveryRun, receipt: unknown, error: AutobahnPushError | undefined): void {
    if (run.settled) {
      return;
    }
    run.settled = true;
    run.release?.();
    if (error === undefined) {
      run.resolve(receipt);
    } else {
      run.reject(error);
    }
  }

  #report(run: DeliveryRun): AttemptReport {
    run.message ??= {
      ...(run.isCall ? { procedure: run.prepared.topic } : { topic: run.prepared.topic }),
      url: run.endpoint!.displayUrl,
      protocol: this.#options.protocol,
      attempt: run.attempt,
    };

    return run.message;
  }

  // Signs with the platform's signer, which is synchronous with node:crypto and returns a
  // promise with Web Crypto; the synchronous case allocates no promise.
  #buildRequest(
    endpoint: EndpointState,
    prepared: PreparedPush<unknown>,
  ): PushHttpRequest | Promise<PushHttpRequest> {
    const options = this.#options;
    const credentials = options.credentials;
    const now = Date.now() + this.#clockOffsetMs;
    if (options.protocol === 'crossbar') {
      // The query of createCrossbarRequest(), without its input checks and with the shared
      // headers, so a push allocates no headers object.
      this.#seq += 1;
      const seq = String(this.#seq);
      const timestamp = formatCrossbarTimestamp(now);
      const body = prepared.body;
      const query = endpoint.queryPrefix + crossbarQuery(timestamp, seq);
      if (credentials === undefined) {
        return { method: 'POST', url: query, headers: this.#crossbarHeaders, body };
      }
      const nonce = String(randomNonce());
      const signed = (signature: string): PushHttpRequest => ({
        method: 'POST',
        url: query + crossbarSignatureQuery(this.#encodedKey, nonce, signature),
        headers: this.#crossbarHeaders,
        body,
      });
      const signature = this.#signer!([credentials.key, timestamp, seq, nonce, body]);

      return typeof signature === 'string' ? signed(signature) : signature.then(signed);
    }

    const timestamp = formatApplianceTimestamp(now);
    const build = (signature: string | undefined) =>
      createApplianceRequest({
        url: endpoint.pathPrefix,
        topic: prepared.topic,
        body: prepared.body,
        timestamp,
        credentials,
        signature,
        exclude: prepared.exclude,
        eligible: prepared.eligible,
        headers: options.headers,
      });
    if (credentials === undefined) {
      return build(undefined);
    }
    const signature = this.#signer!([prepared.topic, credentials.key, timestamp, prepared.body]);

    return typeof signature === 'string' ? build(signature) : signature.then(build);
  }

  #judgeResponse<R>(
    response: TransportResponse,
    prepared: PreparedPush<R>,
    endpoint: EndpointState,
    retriesUsed: number,
    clockCorrected: boolean,
  ): Decision<R> {
    const options = this.#options;
    const { status } = response;
    // Fast path for the usual publisher response, `{"id":N}`: no JSON.parse, no context.
    if (status === 200 && prepared.read === undefined && options.protocol === 'crossbar') {
      const id = readPublicationId(response.text);
      if (id !== undefined) {
        return { kind: 'done', receipt: { id } as R };
      }
    }
    const subject = subjectOf(prepared);
    const context = { ...subject, url: endpoint.displayUrl, secrets: options.secrets };
    if (options.protocol === 'crossbar' && status === 400 && EXPIRED.test(response.text)) {
      const offset = measureOffset(response.date);
      const error = new ClockSkewError(
        `POST ${endpoint.displayUrl} was rejected because the request timestamp is outside the ` +
          `router's window${offset === undefined ? '' : ` (router clock minus local clock: ${offset} ms)`}. ` +
          'Synchronise the clocks (NTP) or set clockOffsetMs.',
        { ...subject, url: endpoint.displayUrl, reason: readReason(response.text), offsetMs: offset },
      );
      if (!clockCorrected && offset !== undefined) {
        this.#clockOffsetMs = offset;

        return { kind: 'retry', error, delay: 0, usesBudget: false };
      }

      return { kind: 'fail', error };
    }

    try {
      const read =
        prepared.read ??
        ((options.protocol === 'crossbar' ? readCrossbarResponse : readApplianceResponse) as ResponseReader<R>);

      return { kind: 'done', receipt: read(status, response.text, context) };
    } catch (caught) {
      const error = caught as AutobahnPushError;
      const retry = options.retry;
      if (retriesUsed >= retry.retries || !(error instanceof HttpError)) {
        return { kind: 'fail', error };
      }
      if (status === 503 || status === 429) {
        const retryAfter = parseRetryAfter(response.retryAfter);
        if (retryAfter !== undefined && retryAfter > retry.maxRetryAfter) {
          return { kind: 'fail', error };
        }

        return {
          kind: 'retry',
          error,
          delay: retryAfter ?? backoffDelay(retry, retriesUsed + 1),
          usesBudget: true,
        };
      }
      if (status >= 500 && retry.unsafe && prepared.read === undefined) {
        return { kind: 'retry', error, delay: backoffDelay(retry, retriesUsed + 1), usesBudget: true };
      }

      return { kind: 'fail', error };
    }
  }

  // A request that never left the client in full cannot have been published, so it is safe
  // to repeat. Anything else is repeated only when the user accepts duplicates (unsafe).
  #judgeFailure(
    failure: TransportFailure,
    error: AutobahnPushError,
    retriesUsed: number,
    roundFailed: boolean,
    isCall: boolean,
  ): Decision<never> {
    const retry = this.#options.retry;
    if (failure.kind === 'aborted' || failure.kind === 'closed' || isCertificateError(failure.causeCode)) {
      return { kind: 'fail', error };
    }
    const connectionFailed = failure.kind === 'network' && !failure.written;
    if (connectionFailed && !roundFailed && this.#endpoints.length > 1) {
      return { kind: 'retry', error, delay: 0, usesBudget: false };
    }
    const safe = !failure.written || (retry.unsafe && !isCall);
    if (!safe || retriesUsed >= retry.retries) {
      return { kind: 'fail', error };
    }

    return { kind: 'retry', error, delay: backoffDelay(retry, retriesUsed + 1), usesBudget: true };
  }

  #reportSuccess(message: AttemptReport, status: number | undefined, started: number, receipt: unknown): void {
    const durationMs = Date.now() - started;
    const id = (receipt as PushReceipt).id;
    if (successChannel.hasSubscribers) {
      successChannel.publish({ ...message, status, durationMs, ...(message.topic === undefined ? {} : { id }) });
    }
    if (this.#options.logger !== silentLogger) {
      this.#options.logger.debug(
        `${describeSubject(message)} at ${message.url} succeeded in ${durationMs} ms after ` +
          `${message.attempt} attempt(s)${id === undefined ? '.' : `: publication ${id}.`}`,
      );
    }
  }

  #reportRetry(
    message: AttemptReport,
    decision: Extract<Decision, { kind: 'retry' }>,
    status: number | undefined,
  ): void {
    const code = decision.error.code;
    if (retryChannel.hasSubscribers) {
      retryChannel.publish({ ...message, code, status, delayMs: decision.delay });
    }
    this.#options.logger.warn(
      `${describeSubject(message)} at ${message.url} failed with ${code}` +
        `${status === undefined ? '' : ` (HTTP ${status})`} on attempt ${message.attempt}; ` +
        `retrying in ${decision.delay} ms.`,
    );
  }

  #reportFailure(
    message: AttemptReport,
    status: number | undefined,
    started: number,
    error: AutobahnPushError,
  ): void {
    const durationMs = Date.now() - started;
    if (failureChannel.hasSubscribers) {
      failureChannel.publish({ ...message, status, durationMs, code: error.code });
    }
    this.#options.logger.error(
      `${describeSubject(message)} failed with ${error.code} after ` +
        `${message.attempt} attempt(s): ${error.message}`,
    );
  }
}

/** State of one push or call across its attempts. */
class DeliveryRun {
  readonly prepared: PreparedPush<unknown>;
  readonly signal: AbortSignal | undefined;
  readonly isCall: boolean;
  /** Per-attempt timeout before the deadline shortens it. */
  readonly timeout: number;
  readonly started = Date.now();
  readonly deadlineAt: number;
  resolve: (receipt: unknown) => void = ignore;
  reject: (error: AutobahnPushError) => void = ignore;
  release: (() => void) | undefined = undefined;
  settled = false;
  attempt = 0;
  attemptTimeout = 0;
  retriesUsed = 0;
  failedConnections = 0;
  clockCorrected = false;
  status: number | undefined = undefined;
  endpoint: EndpointState | undefined = undefined;
  message: AttemptReport | undefined = undefined;

  constructor(
    prepared: PreparedPush<unknown>,
    signal: AbortSignal | undefined,
    timeout: number,
    deadline: number | undefined,
  ) {
    this.prepared = prepared;
    this.signal = signal;
    this.isCall = prepared.read !== undefined;
    this.timeout = timeout;
    this.deadlineAt = deadline === undefined ? Number.POSITIVE_INFINITY : this.started + deadline;
  }
}

/**
 * One attempt of a {@link DeliveryRun}: the transport reports to it, a {@link TimeoutList}
 * times it out, and the run's abort signal cancels it through {@link RequestHandle.handleEvent}.
 */
class Attempt extends RequestHandle implements TimedEntry {
  readonly delivery: Delivery;
  readonly run: DeliveryRun;
  deadline = 0;
  previous: TimedEntry | undefined = undefined;
  next: TimedEntry | undefined = undefined;
  list: TimeoutList | undefined = undefined;
  #finished = false;

  constructor(delivery: Delivery, run: DeliveryRun) {
    super();
    this.delivery = delivery;
    this.run = run;
  }

  onResponse(response: TransportResponse): void {
    this.#finish(response);
  }

  onFailure(failure: TransportFailure): void {
    this.#finish(failure);
  }

  onTimeout(): void {
    this.cancel('timeout');
  }

  #finish(outcome: TransportResponse | TransportFailure): void {
    if (!this.#finished) {
      this.#finished = true;
      this.delivery.finishAttempt(this, outcome);
    }
  }
}

function ignore(): void {}

// A failure of the signer (Web Crypto) or of building the request counts as not sent.
function asFailure(error: unknown): TransportFailure {
  return error instanceof TransportFailure ? error : new TransportFailure('network', false, error, undefined);
}

interface AttemptReport {
  topic?: string;
  procedure?: string;
  url: string;
  protocol: string;
  attempt: number;
}

function subjectOf(prepared: PreparedPush<unknown>): { topic?: string; procedure?: string } {
  return prepared.read === undefined ? { topic: prepared.topic } : { procedure: prepared.topic };
}

function describeSubject(message: AttemptReport): string {
  return message.procedure === undefined
    ? `Push to topic ${describeValue(message.topic)}`
    : `Call of procedure ${describeValue(message.procedure)}`;
}

const ID_PREFIX = '{"id":';
const PUBLICATION_ID = /^\{\s*"id"\s*:\s*(\d{1,16})\s*\}\s*$/;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const CLOSING_BRACE = 125;

// Returns N for a body that is exactly `{"id": N}`; anything else goes through JSON.parse.
// The compact form that Crossbar and the dev router send is read digit by digit.
function readPublicationId(text: string): number | undefined {
  const end = text.length - 1;
  const digits = end - ID_PREFIX.length;
  if (digits >= 1 && digits <= 16 && text.charCodeAt(end) === CLOSING_BRACE && text.startsWith(ID_PREFIX)) {
    let id = 0;
    for (let index = ID_PREFIX.length; index < end; index += 1) {
      const code = text.charCodeAt(index);
      if (code < DIGIT_0 || code > DIGIT_9) {
        id = -1;
        break;
      }
      id = id * 10 + (code - DIGIT_0);
    }
    if (id >= 0 && Number.isSafeInteger(id)) {
      return id;
    }
  }
  const match = PUBLICATION_ID.exec(text);

  return match === null ? undefined : Number(match[1]);
}

function measureOffset(date: string | undefined): number | undefined {
  if (date === undefined) {
    return undefined;
  }
  const parsed = Date.parse(date);

  // The Date header has whole seconds, so the router's clock is 500 ms past it on average.
  return Number.isNaN(parsed) ? undefined : parsed + 500 - Date.now();
}

function readReason(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: unknown };

    return typeof json.error === 'string' ? json.error : text.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}

// Certificate checks that fail again on every attempt: the X509 error codes in the
// Node.js `tls` documentation, and the host name check of `tls.checkServerIdentity`.
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}
