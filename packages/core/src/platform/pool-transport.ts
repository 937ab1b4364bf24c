import { Pool } from 'undici';
import {
  type CancelKind,
  type RequestHandle,
  type Transport,
  TransportFailure,
  type TransportSettings,
} from '../transport-types.js';

// Bodies of bridge responses are tiny; an HTML error page longer than this is cut.
const MAX_RESPONSE_BYTES = 64 * 1024;
const DATE = 'date';
const RETRY_AFTER = 'retry-after';

/**
 * Sends requests to one origin over a keep-alive connection pool (undici `Pool`), so many
 * concurrent pushes share a bounded number of sockets. It drives undici's dispatcher
 * directly: one small handler object per request, and no response stream.
 */
export class PoolTransport implements Transport {
  readonly #pool: Pool;

  constructor(origin: string, options: TransportSettings) {
    this.#pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      connectTimeout: options.connectTimeout,
      // The client bounds each attempt with its own timer, which also covers a body that
      // trickles in slower than any per-chunk timeout would notice.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4_000,
      ...(options.ca === undefined ? {} : { connect: { ca: options.ca as (string | Buffer)[] } }),
    });
  }

  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    handle: RequestHandle,
    method: 'POST' | 'OPTIONS' = 'POST',
  ): void {
    // Cancelled while the signature was computed: never dispatched.
    if (handle.kind !== undefined) {
      handle.onFailure(new TransportFailure(handle.kind, false, undefined, undefined));

      return;
    }
    const handler = new ResponseHandler(handle);
    handle.target = handler;
    try {
      this.#pool.dispatch({ method, path, headers, body: method === 'POST' ? body : null }, handler);
    } catch (error) {
      handler.onError(error as Error);
    }
  }

  /** Waits for in-flight requests to finish, then closes every socket. */
  async close(): Promise<void> {
    await this.#pool.close();
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
  readonly #handle: RequestHandle;

  constructor(handle: RequestHandle) {
    this.#handle = handle;
  }

  /** Fails the request at once and aborts it in undici, now or when it gets a socket. */
  cancel(kind: CancelKind): void {
    // Settle first: undici may call onError synchronously from abort().
    if (!this.#settled) {
      this.#settled = true;
      this.#handle.onFailure(new TransportFailure(kind, this.#written, undefined, undefined));
    }
    this.#abort?.(new Error(`request cancelled: ${kind}`));
  }

  onConnect(abort: (reason: Error) => void): void {
    this.#abort = abort;
    const cancelled = this.#handle.kind;
    if (cancelled !== undefined) {
      abort(new Error(`request cancelled: ${cancelled}`));
    }
  }

  onRequestSent(): void {
    this.#written = true;
  }

  onHeaders(status: number, rawHeaders: Buffer[] | string[] | null): boolean {
    this.#status = status;
    // Only failures need headers: Date for clock skew, Retry-After for 429 and 503.
    if (rawHeaders !== null && status >= 400) {
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
    this.#handle.onResponse({ status: this.#status, date: this.#date, retryAfter: this.#retryAfter, text });
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
    this.#handle.onFailure(new TransportFailure(timedOut ? 'network' : kind, this.#written, error, code));
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

