import WebSocket from 'ws';

/** How the router ended the connection. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * A bare WAMP-over-WebSocket client that sends exactly the frames a test
 * gives it, for malformed input and HELLO details autobahn-js cannot send
 * (such as `authrole`).
 */
export class RawWampClient {
  readonly closed: Promise<CloseInfo>;
  private readonly socket: WebSocket;
  private readonly queue: unknown[][] = [];
  private readonly waiting: ((message: unknown[]) => void)[] = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as unknown[];
      const waiter = this.waiting.shift();
      if (waiter !== undefined) waiter(message);
      else this.queue.push(message);
    });
  }

  /** Opens a WebSocket that offers `protocols` and resolves once it is open. */
  static connect(url: string, protocols: string[] = ['wamp.2.json']): Promise<RawWampClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols);
      socket.once('open', () => resolve(new RawWampClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a message as JSON text, or a string as it is. */
  send(message: unknown[] | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Sends raw bytes in a binary frame. */
  sendBinary(bytes: Buffer): void {
    this.socket.send(bytes, { binary: true });
  }

  /** Resolves with the next message the router sends. */
  next(): Promise<unknown[]> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);

    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Joins `realm` and returns the session ID from WELCOME. */
  async join(realm: string, details: Record<string, unknown> = {}): Promise<number> {
    this.send([1, realm, { roles: { publisher: {}, subscriber: {} }, ...details }]);
    const welcome = await this.next();
    if (welcome[0] !== 2) throw new Error(`expected WELCOME, got ${JSON.stringify(welcome)}`);

    return welcome[1] as number;
  }

  /** Closes the WebSocket and waits until it is closed. */
  async close(): Promise<CloseInfo> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);

    return this.closed;
  }
}
