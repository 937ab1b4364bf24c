import { type CancelKind, type RequestHandle, TransportFailure } from '../transport-types.js';
import type { ParsedResponse } from './http1-response-parser.js';

/** Stage of an exchange: queued for a connection, buffered for the next write, written, or settled. */
export enum ExchangeState {
  Queued,
  Buffered,
  Written,
  Settled,
}

/** Owner of an exchange: the transport while it is queued, then the connection that carries it. */
export interface ExchangeOwner {
  /** Drops a cancelled exchange that is not written yet. */
  withdraw(exchange: Exchange): void;
  /** Learns that a written exchange was cancelled and its response will be ignored. */
  abandon(exchange: Exchange): void;
}

/**
 * One request and its response on the socket transport: the request bytes as text, the
 * handle that receives the outcome, and where the request is. The handle's `cancel`
 * reaches it as the handle's target.
 */
export class Exchange {
  state = ExchangeState.Queued;
  /** The transport while queued, then the connection that carries the request. */
  owner: ExchangeOwner;
  readonly text: string;
  /** The request changes nothing on the server (OPTIONS), so it may be sent twice. */
  readonly idempotent: boolean;
  /** Times the request went out again on another connection because the server read none of it. */
  resends = 0;
  readonly #handle: RequestHandle;

  constructor(text: string, idempotent: boolean, handle: RequestHandle, owner: ExchangeOwner) {
    this.text = text;
    this.idempotent = idempotent;
    this.#handle = handle;
    this.owner = owner;
    handle.target = this;
  }

  /** Reports the cancellation to the handle at once, after telling the owner to drop or ignore the request. */
  cancel(kind: CancelKind): void {
    const state = this.state;
    if (state === ExchangeState.Settled) {
      return;
    }
    this.state = ExchangeState.Settled;
    if (state === ExchangeState.Written) {
      this.owner.abandon(this);
    } else {
      this.owner.withdraw(this);
    }
    this.#handle.onFailure(new TransportFailure(kind, state === ExchangeState.Written, undefined, undefined));
  }

  /** True when the handle still waits for an outcome. */
  get open(): boolean {
    return this.state !== ExchangeState.Settled;
  }

  respond(response: ParsedResponse): void {
    if (this.state === ExchangeState.Settled) {
      return;
    }
    this.state = ExchangeState.Settled;
    this.#handle.onResponse(response);
  }

  fail(failure: TransportFailure): void {
    if (this.state === ExchangeState.Settled) {
      return;
    }
    this.state = ExchangeState.Settled;
    this.#handle.onFailure(failure);
  }
}
