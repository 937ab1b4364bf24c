import {
  type RequestHandle,
  type Transport,
  TransportFailure,
  type TransportResponse,
  type TransportSettings,
} from './transport-types.js';

// Bodies of bridge responses are tiny; an HTML error page longer than this is cut.
const MAX_RESPONSE_CHARS = 64 * 1024;
// Error codes that mean no connection was made, so the request was not sent: Node.js
// (undici) puts them on `error.cause.code`, Bun on `error.code`.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ConnectionRefused', 'FailedToOpenSocket']);

/**
 * Sends requests with the global `fetch`, for runtimes without `node:http`: Deno, Bun,
 * Cloudflare Workers, browsers. The runtime pools connections itself.
 *
 * NOTE: `fetch` does not report whether a failed request was written, so only failures
 * whose code shows that no connection was made count as not sent (and so as safe to retry).
 */
export class FetchTransport implements Transport {
  readonly #origin: string;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(origin: string, _settings: TransportSettings) {
    this.#origin = origin;
  }

  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    handle: RequestHandle,
    method: 'POST' | 'OPTIONS' = 'POST',
  ): void {
    const controller = new AbortController();
    const request = new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      handle.target = {
        cancel: (kind) => {
          if (!settled) {
            settled = true;
            reject(new TransportFailure(kind, true, undefined, undefined));
          }
          controller.abort();
        },
      };
      if (handle.kind !== undefined) {
        handle.target.cancel(handle.kind);

        return;
      }
      // fetch computes Content-Length from the body itself (the same UTF-8 length) and
      // rejects a request that sets it by hand.
      const { 'content-length': _length, ...fetchHeaders } = headers;
      fetch(this.#origin + path, {
        method,
        headers: fetchHeaders,
        ...(method === 'POST' ? { body } : {}),
        signal: controller.signal,
        redirect: 'manual',
      })
        .then(async (response) => {
          const text = await response.text();
          if (!settled) {
            settled = true;
            resolve({
              status: response.status,
              date: response.headers.get('date') ?? undefined,
              retryAfter: response.headers.get('retry-after') ?? undefined,
              text: text.length > MAX_RESPONSE_CHARS ? text.slice(0, MAX_RESPONSE_CHARS) : text,
            });
          }
        })
        .catch((error: unknown) => {
          if (!settled) {
            settled = true;
            const code = errorCode(error);
            const written = code === undefined || !NOT_CONNECTED.has(code);
            reject(new TransportFailure('network', written, error, code));
          }
        });
    });
    const tracked = request.then(
      (response) => handle.onResponse(response),
      (failure: TransportFailure) => handle.onFailure(failure),
    );
    this.#inFlight.add(tracked);
    void tracked.then(() => this.#inFlight.delete(tracked));
  }

  /** Waits for in-flight requests to settle; `fetch` keeps no connections of its own to close. */
  async close(): Promise<void> {
    await Promise.all(this.#inFlight);
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
