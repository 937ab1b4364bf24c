import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { TransportFailure } from '../transport-types.js';
import { type Exchange, type ExchangeOwner, ExchangeState } from './exchange.js';
import { type ParsedResponse, ResponseParser } from './http1-response-parser.js';

// Characters of request text joined into one string before a flush writes it.
const JOIN_LIMIT = 1 << 20;
// Milliseconds of idleness after which a connection must show with one response that it is
// still open before it pipelines again, so a request racing the server's idle close goes alone.
const STALE_AFTER_MS = 1_000;

/** Address and settings that a connection dials the router with. */
export interface ConnectionTarget {
  secure: boolean;
  host: string;
  port: number;
  /** Server name for TLS SNI, or undefined for an IP address. */
  serverName: string | undefined;
  ca: (string | Uint8Array)[] | undefined;
  connectTimeout: number;
  /** Milliseconds an idle connection stays open. */
  idleTimeout: number;
}

/** Callbacks from a connection to the transport that owns it. */
export interface ConnectionEvents {
  /** Hands queued requests to a connection that has room again. */
  onRoom(connection: Connection): void;
  /** Takes back a written request that may be sent again on another connection. */
  onResend(exchange: Exchange): void;
  /** Removes a closed connection, whose exchanges have settled or were handed back. */
  onGone(connection: Connection): void;
}

/**
 * One keep-alive HTTP/1.1 connection. Requests added in the same turn of the event loop
 * leave in one write. After the first response on a connection that stays open, it
 * pipelines up to `depth` requests, so a busy client makes one system call for many
 * requests. Responses are matched to requests in order.
 */
export class Connection implements ExchangeOwner {
  /** Written requests waiting for their responses, oldest first. */
  readonly #inFlight: Exchange[] = [];
  /** Requests to write at the next flush. */
  #outbox: Exchange[] = [];
  #flushScheduled = false;
  #connected = false;
  /** True after a response that kept the connection open, so requests may be pipelined. */
  #proven = false;
  /** True after any response that kept the connection open: a request on it reuses the socket. */
  #reused = false;
  /** True after a response with `Connection: close`. */
  #announcedClose = false;
  /** True when the connection takes no new requests because the server closes it, a request timed out, or the transport closes. */
  #retiring = false;
  #gone = false;
  #failure: Error | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #idleSince = 0;
  #connectTimer: NodeJS.Timeout | undefined;
  readonly #socket: Socket;
  readonly #parser: ResponseParser;
  readonly #depth: number;
  readonly #target: ConnectionTarget;
  readonly #events: ConnectionEvents;

  constructor(target: ConnectionTarget, depth: number, events: ConnectionEvents) {
    this.#target = target;
    this.#depth = depth;
    this.#events = events;
    this.#parser = new ResponseParser((response) => this.#onResponse(response));
    const socket = target.secure
      ? connectTls({
          host: target.host,
          port: target.port,
          servername: target.serverName,
          ALPNProtocols: ['http/1.1'],
          ...(target.ca === undefined ? {} : { ca: target.ca as (string | Buffer)[] }),
        })
      : connectTcp({ host: target.host, port: target.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on(target.secure ? 'secureConnect' : 'connect', () => this.#onConnect());
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error: Error) => {
      this.#failure ??= error;
    });
    socket.on('end', () => {
      this.#retiring = true;
    });
    socket.on('close', () => this.#onClose());
    this.#connectTimer = setTimeout(() => this.#onConnectTimeout(), target.connectTimeout);
  }

  /** Requests this connection can take now. */
  get room(): number {
    if (this.#retiring || this.#gone) {
      return 0;
    }
    const load = this.#inFlight.length + this.#outbox.length;

    return (this.#proven ? this.#depth : 1) - load;
  }

  /** True when no request is queued on or waiting for this connection. */
  get idle(): boolean {
    return this.#inFlight.length === 0 && this.#outbox.length === 0;
  }

  /** Adds a request, which leaves with the others of this turn of the event loop. */
  add(exchange: Exchange): void {
    exchange.owner = this;
    exchange.state = ExchangeState.Buffered;
    this.#outbox.push(exchange);
    if (this.#idleTimer !== undefined) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
      this.#socket.ref();
      if (Date.now() - this.#idleSince > STALE_AFTER_MS) {
        this.#proven = false;
      }
    }
    if (!this.#connected || this.#flushScheduled) {
      return;
    }
    // A connection that carries one request at a time gains nothing from waiting for the
    // rest of the turn, so it writes at once.
    if (this.#depth === 1 || !this.#proven) {
      this.flush();
    } else {
      this.#flushScheduled = true;
      process.nextTick(flush, this);
    }
  }

  /** Writes every buffered request in one call. */
  flush(): void {
    this.#flushScheduled = false;
    const outbox = this.#outbox;
    // A socket that is going keeps its unwritten requests, which then fail as never sent.
    if (outbox.length === 0 || this.#gone || this.#socket.destroyed) {
      return;
    }
    this.#outbox = [];
    const socket = this.#socket;
    let text = '';
    let corked = false;
    for (const exchange of outbox) {
      exchange.state = ExchangeState.Written;
      this.#inFlight.push(exchange);
      // Requests are joined into one string up to a limit, so no string nears V8's maximum
      // length. Beyond it they go in several writes, which cork() keeps to one system call.
      if (text !== '' && text.length + exchange.text.length > JOIN_LIMIT) {
        if (!corked) {
          socket.cork();
          corked = true;
        }
        socket.write(text);
        text = '';
      }
      text += exchange.text;
    }
    socket.write(text);
    if (corked) {
      socket.uncork();
    }
  }

  withdraw(exchange: Exchange): void {
    const index = this.#outbox.indexOf(exchange);
    if (index !== -1) {
      this.#outbox.splice(index, 1);
    }
    this.#afterSettle();
    // The freed place goes to a request waiting in the transport's queue.
    if (this.room > 0) {
      this.#events.onRoom(this);
    }
  }

  abandon(): void {
    // Responses arrive in order, so the other requests on this connection still get theirs.
    // The cancelled request may never get a response, so the connection takes no new
    // requests and closes once the others have settled.
    this.#retiring = true;
    this.#afterSettle();
  }

  /** Stops taking requests, and closes once every request it carries has a response or was cancelled. */
  retire(): void {
    this.#retiring = true;
    this.#afterSettle();
  }

  #onConnect(): void {
    clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
    this.#connected = true;
    if (this.#outbox.length > 0) {
      this.flush();
    } else {
      this.#afterSettle();
    }
  }

  #onConnectTimeout(): void {
    this.#connectTimer = undefined;
    const error = new Error(`connecting took longer than ${this.#target.connectTimeout} ms`);
    (error as Error & { code: string }).code = 'ETIMEDOUT';
    this.#socket.destroy(error);
  }

  #onData(chunk: Buffer): void {
    try {
      this.#parser.feed(chunk);
    } catch (error) {
      this.#socket.destroy(error as Error);
    }
  }

  #onResponse(response: ParsedResponse): void {
    const exchange = this.#inFlight.shift();
    if (exchange === undefined) {
      // A response to no request, such as a 408 before an idle close: the stream is out of step.
      this.#retiring = true;
      this.#socket.destroy();

      return;
    }
    exchange.respond(response);
    if (response.close) {
      // The connection ends after this response. Requests not written yet go to another
      // connection now. Pipelined requests behind this one keep their place, because a
      // server may still respond to them (node:http sends 503 to those over
      // maxRequestsPerSocket), and those without a response go out again on close.
      this.#retiring = true;
      this.#announcedClose = true;
      this.#resendUnwritten();
      // Closing our side now could make a server drop the responses it still owes, so the
      // socket closes once every request on it has settled, or when the server closes it.
      this.#afterSettle();

      return;
    }
    this.#proven = true;
    this.#reused = true;
    this.#afterSettle();
    this.#events.onRoom(this);
  }

  // Hands the requests not written yet back to the transport for another connection.
  #resendUnwritten(): void {
    for (const exchange of this.#outbox.splice(0)) {
      this.#handBack(exchange);
    }
  }

  // Gives a request back to the transport, which sends it on another connection.
  #handBack(exchange: Exchange): void {
    exchange.resends += 1;
    exchange.state = ExchangeState.Queued;
    this.#events.onResend(exchange);
  }

  // Runs after a request settles. It closes a retiring connection that waits for no
  // response, or starts the idle timer.
  #afterSettle(): void {
    if (this.#gone) {
      return;
    }
    const answered = this.#inFlight.every((exchange) => !exchange.open) && this.#outbox.length === 0;
    if (this.#retiring) {
      if (answered) {
        this.#socket.destroy();
      }

      return;
    }
    if (this.idle && this.#connected && this.#idleTimer === undefined) {
      this.#idleSince = Date.now();
      this.#socket.unref();
      this.#idleTimer = setTimeout(() => this.retire(), this.#target.idleTimeout);
      this.#idleTimer.unref();
    }
  }

  #onClose(): void {
    this.#gone = true;
    this.#retiring = true;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#idleTimer);
    const cause = this.#failure ?? new Error('the server closed the connection');
    const code = (cause as { code?: unknown }).code;
    const causeCode = typeof code === 'string' ? code : undefined;
    // Requests never written provably did not reach the router.
    const unwritten = this.#outbox.splice(0);
    for (const exchange of unwritten) {
      exchange.fail(new TransportFailure('network', false, cause, causeCode));
    }
    // A body that runs until the end of the connection is complete now.
    this.#parser.end();
    for (const exchange of this.#inFlight.splice(0)) {
      if (!exchange.open) {
        continue;
      }
      // A server that announced the close must not process later requests on the
      // connection (RFC 9112, section 9.6), so the unanswered ones go out again.
      if (this.#announcedClose) {
        this.#handBack(exchange);
        continue;
      }
      // A server may close a kept-alive connection just as a request goes out on it. An
      // idempotent request then goes once more (RFC 2068, section 8.1.4), but a push never does.
      if (this.#reused && exchange.idempotent && exchange.resends === 0) {
        this.#handBack(exchange);
      } else {
        exchange.fail(new TransportFailure('network', true, cause, causeCode));
      }
    }
    this.#events.onGone(this);
  }
}

function flush(connection: Connection): void {
  connection.flush();
}
