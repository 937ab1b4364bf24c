/** Settings of the connection pool behind one origin. */
export interface TransportSettings {
  /** Milliseconds to establish a connection. */
  connectTimeout: number;
  /** Maximum number of sockets kept to the origin (the fetch transport leaves this to the runtime). */
  connections: number;
  /** Certificate authorities for https origins, in PEM (Node.js transport only). */
  ca: readonly (string | Uint8Array)[] | undefined;
}

/** Sends POST requests to one origin; the Node.js and fetch transports implement it. */
export interface Transport {
  /**
   * Sends one POST request. Rejects only with a {@link TransportFailure}. `cancel` lets the
   * caller abort the request.
   */
  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    cancel: CancelHandle,
    method?: 'POST' | 'OPTIONS',
  ): Promise<TransportResponse>;
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

export function describeCause(cause: unknown, code: string | undefined): string {
  if (cause === undefined) {
    return 'cancelled';
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const nested = cause instanceof Error && cause.cause instanceof Error ? cause.cause : undefined;
  const detail = nested ? `${message}: ${nested.message}` : message;

  return code !== undefined && !detail.includes(code) ? `${code} ${detail}` : detail;
}
