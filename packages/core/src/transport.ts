import type { ConnectionOptions } from 'node:tls';
import { Pool } from 'undici';

/** Status, selected headers and text body of an HTTP response. */
export interface TransportResponse {
  status: number;
  /** `Date` header, for clock offset measurements. */
  date: string | undefined;
  /** `Retry-After` header of a 429 or 503. */
  retryAfter: string | undefined;
  text: string;
}

/**
 * Why a request failed below HTTP, with what is known about whether it reached the router.
 * `written` is false only when the request provably did not leave the client in full.
 */
export class TransportFailure extends Error {
  readonly kind: 'timeout' | 'aborted' | 'closed' | 'network';
  readonly written: boolean;
  readonly causeCode: string | undefined;

  constructor(
    kind: TransportFailure['kind'],
    written: boolean,
    cause: unknown,
    causeCode: string | undefined,
  ) {
    super(describeCause(cause, causeCode), { cause });
    this.kind = kind;
    this.written = written;
    this.causeCode = causeCode;
  }
}

/** Settings of the connection pool behind one origin. */
export interface TransportOptions {
  /** Milliseconds to establish a connection. */
  connectTimeout: number;
  /** Maximum number of sockets kept to the origin. */
  connections: number;
  /** TLS settings for https origins, for example a custom `ca`. */
  tls: ConnectionOptions | undefined;
}

// Bodies of bridge responses are tiny; an HTML error page longer than this is cut.
const MAX_RESPONSE_BYTES = 64 * 1024;
const DATE = 'date';
const RETRY_AFTER = 'retry-after';

/**
 * Sends requests to one origin over a keep-alive connection pool (undici `Pool`), so many
 * concurrent pushes share a bounded number of sockets. It drives undici's dispatcher
 * directly: one small handler object per request, and no response stream.
 */
export class PoolTransport {
  readonly #pool: Pool;

  constructor(origin: string, options: TransportOptions) {
    this.#pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      connectTimeout: options.connectTimeout,
      // The client bounds each attempt with its own timer, which also covers a body that
      // trickles in slower than any per-chunk timeout would notice.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4_000,
      ...(options.tls === undefined ? {} : { connect: options.tls }),
    });
  }

  /**
   * Sends one POST request. Rejects only with a {@link TransportFailure}. `cancel` lets the
   * caller abort the request; the failure then has the kind the caller passes.
   */
  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    cancel: CancelHandle,
  ): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const handler = new ResponseHandler(resolve, reject, cancel);
      cancel.target = handler;
      try {
        this.#pool.dispatch({ method: 'POST', path, headers, body }, handler);
      } catch (error) {
        handler.onError(error as Error);
      }
    });
  }

  /** Waits for in-flight requests to finish, then closes every socket. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** Closes every socket at once, failing in-flight requests. */
  async destroy(): Promise<void> {
    await this.#pool.destroy();
  }
}

/**
 * Lets a caller abort a request it handed to {@link PoolTransport.send}. `cancel(kind)`
 * rejects the request at once with a failure of that kind, and aborts it in undici as
 * soon as undici hands it a socket, so a request still queued in the pool is never written.
 */
export class CancelHandle {
  kind: 'timeout' | 'aborted' | 'closed' | undefined;
  target: { cancel: (kind: 'timeout' | 'aborted' | 'closed') => void } | undefined;

  cancel(kind: 'timeout' | 'aborted' | 'closed'): void {
    if (this.kind !== undefined) {
      return;
    }
    this.kind = kind;
    this.target?.cancel(kind);
  }
}

// A legacy undici dispatch handler: undici calls these methods as the request progresses.
class ResponseHandler {
  #status = 0;
  #date: string | undefined;
  #retryAfter: string | undefined;
  #chunks: Buffer[] = [];
  #size = 0;
  #written = false;
  #settled = false;
  #abort: ((reason: Error) => void) | undefined;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (failure: TransportFailure) => void;
  readonly #cancel: CancelHandle;

  constructor(
    resolve: (response: TransportResponse) => void,
    reject: (failure: TransportFailure) => void,
    cancel: CancelHandle,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#cancel = cancel;
  }

  /** Fails the request at once and aborts it in undici, now or when it gets a socket. */
  cancel(kind: 'timeout' | 'aborted' | 'closed'): void {
    // Settle first: undici may call onError synchronously from abort().
    if (!this.#settled) {
      this.#settled = true;
      this.#reject(new TransportFailure(kind, this.#written, undefined, undefined));
    }
    this.#abort?.(new Error(`request cancelled: ${kind}`));
  }

  onConnect(abort: (reason: Error) => void): void {
    this.#abort = abort;
    const cancelled = this.#cancel.kind;
    if (cancelled !== undefined) {
      abort(new Error(`request cancelled: ${cancelled}`));
    }
  }

  onRequestSent(): void {
    this.#written = true;
  }

  onHeaders(status: number, rawHeaders: Buffer[] | string[] | null): boolean {
    this.#status = status;
    if (rawHeaders !== null && (status >= 400 || status === 200)) {
      for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
        const name = String(rawHeaders[index]).toLowerCase();
        if (name === DATE) {
          this.#date = String(rawHeaders[index + 1]);
        } else if (name === RETRY_AFTER) {
          this.#retryAfter = String(rawHeaders[index + 1]);
        }
      }
    }

    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#size < MAX_RESPONSE_BYTES) {
      this.#chunks.push(chunk);
    }
    this.#size += chunk.length;

    return true;
  }

  onComplete(): void {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    this.#abort = undefined;
    const chunks = this.#chunks;
    const text =
      chunks.length === 0
        ? ''
        : chunks.length === 1
          ? chunks[0]!.toString('utf8', 0, MAX_RESPONSE_BYTES)
          : Buffer.concat(chunks).toString('utf8', 0, MAX_RESPONSE_BYTES);
    this.#resolve({ status: this.#status, date: this.#date, retryAfter: this.#retryAfter, text });
  }

  onError(error: Error): void {
    if (this.#settled) {
      return;
    }
    this.#settled = true;
    this.#abort = undefined;
    const code = errorCode(error);
    const kind = code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED' ? 'closed' : 'network';
    const timedOut = code === 'UND_ERR_CONNECT_TIMEOUT';
    this.#reject(new TransportFailure(timedOut ? 'network' : kind, this.#written, error, code));
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    return code;
  }

  return cause === undefined ? undefined : errorCode(cause);
}

function describeCause(cause: unknown, code: string | undefined): string {
  if (cause === undefined) {
    return 'cancelled';
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const nested = cause instanceof Error && cause.cause instanceof Error ? cause.cause : undefined;
  const detail = nested ? `${message}: ${nested.message}` : message;

  return code !== undefined && !detail.includes(code) ? `${code} ${detail}` : detail;
}
