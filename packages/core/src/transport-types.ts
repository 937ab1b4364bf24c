/** Settings of the connection pool behind one origin. */
export interface TransportSettings {
  /** Milliseconds to establish a connection. */
  connectTimeout: number;
  /** Maximum number of sockets kept to the origin (the fetch transport leaves this to the runtime). */
  connections: number;
  /** Requests in flight at once on one connection (the fetch transport leaves this to the runtime). */
  pipelining: number;
  /** Certificate authorities for https origins, in PEM (Node.js transport only). */
  ca: readonly (string | Uint8Array)[] | undefined;
}

/** Sends requests to one origin; the Node.js and fetch transports implement it. */
export interface Transport {
  /**
   * Starts one request and reports its outcome to `handle`: exactly one call of
   * `onResponse` or `onFailure`, possibly before `send` returns. It never throws.
   */
  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    handle: RequestHandle,
    method?: 'POST' | 'OPTIONS',
  ): void;
  /** Waits for in-flight requests to finish, then releases every connection. */
  close(): Promise<void>;
}

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
 * Failure of a request below HTTP, with what is known about whether it reached the router.
 * `written` is false only when the request provably did not leave the client in full.
 */
export class TransportFailure extends Error {
  readonly kind: CancelKind | 'network';
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

/** Reason for cancelling a request. */
export type CancelKind = 'timeout' | 'aborted' | 'closed';

/**
 * One request handed to a {@link Transport}: it receives the outcome, and `cancel(kind)`
 * makes the transport report a failure of that kind at once and abort the request, so a
 * request still queued in a pool is never written.
 */
export abstract class RequestHandle {
  kind: CancelKind | undefined;
  /** Set by the transport: what aborts the request in flight. */
  target: { cancel: (kind: CancelKind) => void } | undefined;

  cancel(kind: CancelKind): void {
    if (this.kind !== undefined) {
      return;
    }
    this.kind = kind;
    this.target?.cancel(kind);
  }

  /** Cancels the request as aborted; called when the caller's AbortSignal fires. */
  handleEvent(): void {
    this.cancel('aborted');
  }

  /** Receives the response. A transport calls one of the two methods, once. */
  abstract onResponse(response: TransportResponse): void;

  /** Receives the failure. A transport calls one of the two methods, once. */
  abstract onFailure(failure: TransportFailure): void;
}

/** A {@link RequestHandle} whose outcome is a promise, for requests off the hot path. */
export class PromisedRequest extends RequestHandle {
  readonly response: Promise<TransportResponse>;
  #resolve!: (response: TransportResponse) => void;
  #reject!: (failure: TransportFailure) => void;

  constructor() {
    super();
    this.response = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  onResponse(response: TransportResponse): void {
    this.#resolve(response);
  }

  onFailure(failure: TransportFailure): void {
    this.#reject(failure);
  }
}

export function describeCause(cause: unknown, code: string | undefined): string {
  if (cause === undefined) {
    return 'cancelled';
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const nested = cause instanceof Error && cause.cause instanceof Error ? cause.cause : undefined;
  const detail = nested ? `${message}: ${nested.message}` : message;

  return code !== undefined && !detail.includes(code) ? `${code} ${detail}` : detail;
}
