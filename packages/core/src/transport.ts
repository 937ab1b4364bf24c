import { Pool } from 'undici';
import {
  AbortedError,
  type AutobahnPushError,
  ClosedError,
  NetworkError,
  type RequestContext,
  TimeoutError,
} from './errors.js';

/** Status and text body of an HTTP response. */
export interface TransportResponse {
  status: number;
  /** `Date` header, for clock offset measurements. */
  date: string | undefined;
  text: string;
}

/** Settings of the connection pool behind one origin. */
export interface TransportOptions {
  /** Per-request timeout in milliseconds: connecting, then waiting for headers, then for the body. */
  timeout: number;
  /** Maximum number of sockets kept to the origin. */
  connections: number;
}

// Bodies of bridge responses are tiny; an HTML error page longer than this is cut.
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Sends requests to one origin over a keep-alive connection pool (undici `Pool`), so many
 * concurrent pushes share a bounded number of sockets.
 */
export class PoolTransport {
  readonly #pool: Pool;
  readonly #timeout: number;

  constructor(origin: string, options: TransportOptions) {
    this.#timeout = options.timeout;
    this.#pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      connectTimeout: options.timeout,
      headersTimeout: options.timeout,
      bodyTimeout: options.timeout,
      keepAliveTimeout: 4_000,
    });
  }

  /**
   * Sends one request. Rejects only with an {@link AutobahnPushError}: `ERR_TIMEOUT`,
   * `ERR_ABORTED`, `ERR_NETWORK` or `ERR_CLOSED`.
   */
  async send(
    path: string,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal | undefined,
    context: RequestContext,
  ): Promise<TransportResponse> {
    try {
      const response = await this.#pool.request({
        method: 'POST',
        path,
        headers,
        body,
        signal,
      });
      const date = response.headers.date;
      const text = await readText(response.body);

      return { status: response.statusCode, date: typeof date === 'string' ? date : undefined, text };
    } catch (error) {
      throw this.#translate(error, signal, context);
    }
  }

  /** Waits for in-flight requests to finish, then closes every socket. */
  async close(): Promise<void> {
    await this.#pool.close();
  }

  /** Closes every socket at once, failing in-flight requests. */
  async destroy(): Promise<void> {
    await this.#pool.destroy();
  }

  #translate(
    error: unknown,
    signal: AbortSignal | undefined,
    context: RequestContext,
  ): AutobahnPushError {
    const code = errorCode(error);
    const where = `POST ${context.url ?? 'the push endpoint'}`;
    if (signal?.aborted || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
      return new AbortedError(`${where} was aborted by the caller's AbortSignal.`, {
        ...context,
        cause: signal?.reason ?? error,
      });
    }
    if (
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT' ||
      code === 'UND_ERR_CONNECT_TIMEOUT'
    ) {
      return new TimeoutError(
        `${where} timed out after ${this.#timeout} ms; the event may have been published. ` +
          'Raise the timeout option or check that the router is reachable.',
        { ...context, timeout: this.#timeout, cause: error },
      );
    }
    if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') {
      return new ClosedError(`${where} failed: the client was closed.`, { ...context, cause: error });
    }

    return new NetworkError(
      `${where} failed: ${describeNetworkError(error, code)}. Check that the router is running ` +
        'and the URL is right.',
      { ...context, causeCode: code, cause: error },
    );
  }
}

async function readText(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_RESPONSE_BYTES) {
      chunks.push(chunk);
    }
    size += chunk.length;
  }

  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string') {
    return code;
  }

  return name === 'AbortError' ? 'ABORT_ERR' : undefined;
}

function describeNetworkError(error: unknown, code: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const nested = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const detail = nested ? `${message}: ${nested.message}` : message;

  return code !== undefined && !detail.includes(code) ? `${code} ${detail}` : detail;
}
