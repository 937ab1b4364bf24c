import WebSocket from 'ws';

/** WAMP v2 message type codes used by a subscriber. */
const HELLO = 1;
const WELCOME = 2;
const ABORT = 3;
const GOODBYE = 6;
const ERROR = 8;
const SUBSCRIBE = 32;
const SUBSCRIBED = 33;
const EVENT = 36;

/** One WAMP EVENT as a subscriber received it. */
export interface ReceivedEvent {
  subscription: number;
  publication: number;
  args: unknown[] | undefined;
  kwargs: Record<string, unknown> | undefined;
}

/**
 * A WAMP v2 subscriber speaking JSON over a raw WebSocket, so the test sees exactly what
 * the router sends, with no client library in between.
 */
export class WampSubscriber {
  readonly events: ReceivedEvent[] = [];
  readonly #socket: WebSocket;
  readonly #sessionId: number;
  #nextRequestId = 1;
  readonly #pendingSubscriptions = new Map<number, { resolve: (id: number) => void; reject: (error: Error) => void }>();
  #eventWaiters: { count: number; resolve: () => void }[] = [];

  private constructor(socket: WebSocket, sessionId: number) {
    this.#socket = socket;
    this.#sessionId = sessionId;
    socket.on('message', (data) => this.#onMessage(JSON.parse(String(data)) as unknown[]));
  }

  /** Opens a WebSocket to `url` and joins `realm`; resolves once WELCOME arrives. */
  static connect(url: string, realm: string): Promise<WampSubscriber> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, ['wamp.2.json']);
      socket.once('error', reject);
      socket.once('open', () => {
        socket.send(JSON.stringify([HELLO, realm, { roles: { subscriber: {} } }]));
      });
      socket.once('message', (data) => {
        const message = JSON.parse(String(data)) as unknown[];
        if (message[0] === WELCOME) {
          socket.off('error', reject);
          resolve(new WampSubscriber(socket, message[1] as number));
        } else {
          socket.close();
          reject(new Error(`Joining realm ${realm} failed: expected WELCOME, received ${JSON.stringify(message)}`));
        }
      });
    });
  }

  get sessionId(): number {
    return this.#sessionId;
  }

  /** Subscribes to `topic`; resolves with the subscription ID from SUBSCRIBED. */
  subscribe(topic: string): Promise<number> {
    const requestId = this.#nextRequestId++;

    return new Promise((resolve, reject) => {
      this.#pendingSubscriptions.set(requestId, { resolve, reject });
      this.#socket.send(JSON.stringify([SUBSCRIBE, requestId, {}, topic]));
    });
  }

  /** Resolves once at least `count` events have arrived. */
  waitForEvents(count: number): Promise<void> {
    if (this.events.length >= count) {
      return Promise.resolve();
    }

    return new Promise((resolve) => this.#eventWaiters.push({ count, resolve }));
  }

  /** Sends GOODBYE and closes the WebSocket. */
  close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) {
      return Promise.resolve();
    }

    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      if (this.#socket.readyState === WebSocket.OPEN) {
        this.#socket.send(JSON.stringify([GOODBYE, {}, 'wamp.close.close_realm']));
      }
      this.#socket.close();
    });
  }

  #onMessage(message: unknown[]): void {
    const type = message[0];
    if (type === SUBSCRIBED) {
      const pending = this.#pendingSubscriptions.get(message[1] as number);
      this.#pendingSubscriptions.delete(message[1] as number);
      pending?.resolve(message[2] as number);
    } else if (type === ERROR && message[1] === SUBSCRIBE) {
      const pending = this.#pendingSubscriptions.get(message[2] as number);
      this.#pendingSubscriptions.delete(message[2] as number);
      pending?.reject(new Error(`SUBSCRIBE failed: ${JSON.stringify(message)}`));
    } else if (type === EVENT) {
      this.events.push({
        subscription: message[1] as number,
        publication: message[2] as number,
        args: message[4] as unknown[] | undefined,
        kwargs: message[5] as Record<string, unknown> | undefined,
      });
      const ready = this.#eventWaiters.filter((waiter) => this.events.length >= waiter.count);
      this.#eventWaiters = this.#eventWaiters.filter((waiter) => this.events.length < waiter.count);
      for (const waiter of ready) {
        waiter.resolve();
      }
    } else if (type === ABORT || type === GOODBYE) {
      this.#socket.close();
    }
  }
}
