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
  CancelHandle,
  type Transport,
  TransportFailure,
  type TransportResponse,
} from './transport-types.js';
import { failureToError, redactError } from './transport-errors.js';

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
  readonly #pending = new Set<CancelHandle>();
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
    this.#endpoints = options.endpoints.map((endpoint) => {
      const origin = endpoint.url.origin;
      let transport = pools.get(origin);
      if (transport === undefined) {
        transport = platform.createTransport(options.transport, origin, {
          connectTimeout: options.timeout,
          connections: options.connections,
          ca: options.ca,
        });
        pools.set(origin, transport);
      }

      const pathPrefix = endpoint.url.pathname + endpoint.url.search;
      const queryPrefix = pathPrefix + (endpoint.url.search === '' ? '?' : '&');

      return { ...endpoint, pathPrefix, queryPrefix, transport };
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
   * never repeated once written, even with `retry.unsafe`.
   */
  async deliver<R = PushReceipt>(prepared: PreparedPush<R>, signal: AbortSignal | undefined): Promise<R> {
    const options = this.#options;
    const timeout = prepared.timeout ?? options.timeout;
    const isCall = prepared.read !== undefined;
    const started = Date.now();
    const deadlineAt = options.deadline === undefined ? Number.POSITIVE_INFINITY : started + options.deadline;
    let attempt = 0;
    let retriesUsed = 0;
    let failedConnections = 0;
    let clockCorrected = false;
    let status: number | undefined;

    for (;;) {
      attempt += 1;
      const endpoint = this.#endpoints[this.#current]!;
      // The report is built only when a channel, the logger or a failure will read it.
      let message: AttemptReport | undefined;
      const report = (): AttemptReport => {
        message ??= {
          ...(isCall ? { procedure: prepared.topic } : { topic: prepared.topic }),
          url: endpoint.displayUrl,
          protocol: options.protocol,
          attempt,
        };

        return message;
      };
      if (startChannel.hasSubscribers) {
        startChannel.publish(report());
      }

      const attemptTimeout = Math.min(timeout, deadlineAt - Date.now());
      const outcome = await this.#attempt(endpoint, prepared, attemptTimeout, signal);
      let decision: Decision<R>;
      if (outcome instanceof TransportFailure) {
        status = undefined;
        const deadlineHit = outcome.kind === 'timeout' && attemptTimeout < timeout;
        const error = failureToError(outcome, {
          ...subjectOf(prepared),
          url: endpoint.displayUrl,
          timeout: attemptTimeout,
          deadline: deadlineHit ? options.deadline : undefined,
        });
        decision = deadlineHit
          ? { kind: 'fail', error }
          : this.#judgeFailure(outcome, error, retriesUsed, false, isCall);
        if (decision.kind === 'retry' && !decision.usesBudget) {
          failedConnections += 1;
          this.#current = (this.#current + 1) % this.#endpoints.length;
          if (failedConnections >= this.#endpoints.length) {
            failedConnections = 0;
            decision = this.#judgeFailure(outcome, error, retriesUsed, true, isCall);
          }
        }
      } else {
        status = outcome.status;
        failedConnections = 0;
        decision = this.#judgeResponse(outcome, prepared, endpoint, retriesUsed, clockCorrected);
        if (decision.kind === 'retry' && decision.error.code === 'ERR_CLOCK_SKEW') {
          clockCorrected = true;
        }
      }

      if (decision.kind === 'done') {
        if (successChannel.hasSubscribers || options.logger !== silentLogger) {
          this.#reportSuccess(report(), status, started, decision.receipt);
        }

        return decision.receipt;
      }
      if (decision.kind === 'retry' && Date.now() + decision.delay < deadlineAt) {
        if (decision.usesBudget) {
          retriesUsed += 1;
        }
        this.#reportRetry(report(), decision, status);
        const interrupted = await this.#sleep(decision.delay, signal, prepared, endpoint);
        if (interrupted === undefined) {
          continue;
        }
        decision = { kind: 'fail', error: interrupted };
      }

      const error = decision.error;
      error.attempts = attempt;
      // Library messages never contain the key or secret, and server text is redacted where
      // it is copied. Only the wording of a network failure comes from elsewhere.
      if (error.code === 'ERR_NETWORK') {
        redactError(error, options.secrets);
      }
      this.#reportFailure(report(), status, started, error);
      throw error;
    }
  }

  /**
   * Sends `OPTIONS` to the current URL once, without retries: Crossbar's bridge responds with
   * 200 and an empty body, so this tells whether the endpoint is up.
   */
  async ping(timeout: number, signal: AbortSignal | undefined): Promise<{ url: string; status: number }> {
    const endpoint = this.#endpoints[this.#current]!;
    const handle = new CancelHandle();
    const timer = setTimeout(() => handle.cancel('timeout'), timeout);
    const onAbort = () => handle.cancel('aborted');
    if (signal?.aborted) {
      onAbort();
    }
    signal?.addEventListener('abort', onAbort);
    this.#pending.add(handle);
    try {
      const response = await endpoint.transport.send(
        endpoint.pathPrefix,
        this.#options.headers,
        '',
        handle,
        'OPTIONS',
      );

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
      signal?.removeEventListener('abort', onAbort);
      this.#pending.delete(handle);
    }
  }

  /** Fails every attempt in flight and every retry wait with `ERR_CLOSED`. */
  cancelAll(): void {
    for (const handle of this.#pending) {
      handle.cancel('closed');
    }
  }

  /** Closes the connection pools once the requests in them have finished. */
  async close(): Promise<void> {
    const transports = new Set(this.#endpoints.map((endpoint) => endpoint.transport));
    await Promise.all([...transports].map((transport) => transport.close()));
  }

  async #attempt(
    endpoint: EndpointState,
    prepared: PreparedPush<unknown>,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<TransportResponse | TransportFailure> {
    const handle = new CancelHandle();
    if (timeout <= 0) {
      return new TransportFailure('timeout', false, undefined, undefined);
    }
    const timer = setTimeout(() => handle.cancel('timeout'), timeout);
    const onAbort = () => handle.cancel('aborted');
    signal?.addEventListener('abort', onAbort);
    this.#pending.add(handle);
    try {
      const built = this.#buildRequest(endpoint, prepared);
      const request = built instanceof Promise ? await built : built;

      return await endpoint.transport.send(request.url, request.headers, request.body, handle);
    } catch (failure) {
      return failure as TransportFailure;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.#pending.delete(handle);
    }
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

  async #sleep(
    delay: number,
    signal: AbortSignal | undefined,
    prepared: PreparedPush<unknown>,
    endpoint: EndpointState,
  ): Promise<AutobahnPushError | undefined> {
    if (delay <= 0 && !signal?.aborted) {
      return undefined;
    }
    const handle = new CancelHandle();
    const result = await new Promise<TransportFailure | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), delay);
      handle.target = {
        cancel: (kind) => {
          clearTimeout(timer);
          resolve(new TransportFailure(kind, false, undefined, undefined));
        },
      };
      const onAbort = () => handle.cancel('aborted');
      if (signal?.aborted) {
        onAbort();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.add(handle);
    });
    this.#pending.delete(handle);

    return result === undefined
      ? undefined
      : failureToError(result, {
          ...subjectOf(prepared),
          url: endpoint.displayUrl,
          timeout: prepared.timeout ?? this.#options.timeout,
        });
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

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function isCertificateError(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}
