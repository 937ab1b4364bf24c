import { isIP } from 'node:net';
import {
  type RequestHandle,
  type Transport,
  TransportFailure,
  type TransportSettings,
} from '../transport-types.js';
import { FifoQueue } from '../fifo-queue.js';
import { Exchange, type ExchangeOwner } from './exchange.js';
import { Connection, type ConnectionEvents, type ConnectionTarget } from './socket-connection.js';

// Milliseconds an unused connection stays open, below the 5 s keep-alive timeout of Node.js servers.
const IDLE_TIMEOUT_MS = 4_000;

/**
 * Sends requests to one origin over keep-alive HTTP/1.1 connections on `node:net` and
 * `node:tls`. A request goes to the first connection with room, so load gathers on few
 * connections. Each one pipelines up to `pipelining` requests and writes the requests of
 * one turn of the event loop together. Another connection opens only when all are full,
 * up to `connections`, and requests beyond that wait in a FIFO queue.
 */
export class SocketTransport implements Transport, ExchangeOwner, ConnectionEvents {
  readonly #target: ConnectionTarget;
  readonly #maxConnections: number;
  readonly #depth: number;
  readonly #hostLine: string;
  readonly #connections: Connection[] = [];
  // Requests waiting for room, including cancelled ones that #peekQueued() skips.
  readonly #queue = new FifoQueue<Exchange>();
  // The header block of the last headers object, reused while the client passes the same one.
  #lastHeaders: Record<string, string> | undefined;
  #lastHeaderText = '';
  #closing = false;
  #closed: Promise<void> | undefined;
  #onClosed: (() => void) | undefined;

  constructor(origin: string, settings: TransportSettings) {
    const url = new URL(origin);
    const secure = url.protocol === 'https:';
    const defaultPort = secure ? 443 : 80;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.#target = {
      secure,
      host,
      port: url.port === '' ? defaultPort : Number(url.port),
      serverName: isIP(host) === 0 ? host : undefined,
      ca: settings.ca === undefined ? undefined : [...settings.ca],
      connectTimeout: settings.connectTimeout,
      idleTimeout: IDLE_TIMEOUT_MS,
    };
    this.#maxConnections = settings.connections;
    this.#depth = settings.pipelining;
    this.#hostLine = `host: ${url.host}\r\n`;
  }

  send(
    path: string,
    headers: Record<string, string>,
    body: string,
    handle: RequestHandle,
    method: 'POST' | 'OPTIONS' = 'POST',
  ): void {
    // Cancelled while the signature was computed: never sent.
    if (handle.kind !== undefined) {
      handle.onFailure(new TransportFailure(handle.kind, false, undefined, undefined));

      return;
    }
    if (this.#closing) {
      handle.onFailure(new TransportFailure('closed', false, new Error('the connection pool is closed'), undefined));

      return;
    }
    if (headers !== this.#lastHeaders) {
      this.#lastHeaders = headers;
      this.#lastHeaderText = headerText(headers);
    }
    let text: string;
    try {
      text =
        method === 'POST'
          ? `POST ${path} HTTP/1.1\r\n${this.#hostLine}${this.#lastHeaderText}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
          : `${method} ${path} HTTP/1.1\r\n${this.#hostLine}${this.#lastHeaderText}\r\n`;
    } catch (error) {
      // A body near V8's maximum string length leaves no room for the request head.
      handle.onFailure(new TransportFailure('network', false, error, 'ERR_STRING_TOO_LONG'));

      return;
    }
    this.#dispatch(new Exchange(text, method === 'OPTIONS', handle, this));
  }

  /** Waits for queued and in-flight requests to finish, then closes every connection. */
  close(): Promise<void> {
    this.#closing = true;
    this.#closed ??= new Promise((resolve) => {
      this.#onClosed = resolve;
      this.#finishClosing();
    });

    return this.#closed;
  }

  /** Drops a queued request that was cancelled. */
  withdraw(): void {
    // The queue skips settled exchanges when it hands them out.
    this.#finishClosing();
  }

  abandon(): void {
    // Only a connection carries written requests.
  }

  onRoom(connection: Connection): void {
    while (connection.room > 0) {
      const exchange = this.#nextQueued();
      if (exchange === undefined) {
        break;
      }
      connection.add(exchange);
    }
    this.#finishClosing();
  }

  onResend(exchange: Exchange): void {
    exchange.owner = this;
    this.#dispatch(exchange);
  }

  onGone(connection: Connection): void {
    const index = this.#connections.indexOf(connection);
    if (index !== -1) {
      this.#connections.splice(index, 1);
    }
    // Queued requests move to a connection with room, or to a new one.
    for (;;) {
      const target = this.#peekQueued() === undefined ? undefined : this.#connectionWithRoom();
      if (target === undefined) {
        break;
      }
      target.add(this.#nextQueued()!);
    }
    this.#finishClosing();
  }

  // Gives the request to a connection with room, or queues it.
  #dispatch(exchange: Exchange): void {
    const connection = this.#connectionWithRoom();
    if (connection === undefined) {
      this.#queue.push(exchange);
    } else {
      connection.add(exchange);
    }
  }

  #connectionWithRoom(): Connection | undefined {
    for (const connection of this.#connections) {
      if (connection.room > 0) {
        return connection;
      }
    }
    if (this.#connections.length < this.#maxConnections) {
      const connection = new Connection(this.#target, this.#depth, this);
      this.#connections.push(connection);

      return connection;
    }

    return undefined;
  }

  // Returns the oldest queued request that is still open, dropping cancelled ones before it.
  #peekQueued(): Exchange | undefined {
    let exchange = this.#queue.peek();
    while (exchange !== undefined && !exchange.open) {
      this.#queue.shift();
      exchange = this.#queue.peek();
    }

    return exchange;
  }

  #nextQueued(): Exchange | undefined {
    return this.#peekQueued() === undefined ? undefined : this.#queue.shift();
  }

  // Retires every connection once closing with nothing queued, and resolves when all are gone.
  #finishClosing(): void {
    if (this.#onClosed === undefined || this.#peekQueued() !== undefined) {
      return;
    }
    for (const connection of this.#connections) {
      connection.retire();
    }
    if (this.#connections.length === 0) {
      const resolve = this.#onClosed;
      this.#onClosed = undefined;
      resolve();
    }
  }
}

// Turns the request's headers into lines of a request head. The transport writes its own
// host and content-length.
function headerText(headers: Record<string, string>): string {
  let text = '';
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'content-length' && lower !== 'host') {
      text += `${name}: ${headers[name]}\r\n`;
    }
  }

  return text;
}
