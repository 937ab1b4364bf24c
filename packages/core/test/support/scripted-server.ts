import { readFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, type Socket, createServer as createNetServer } from 'node:net';

/** Handles one request, called once the request body has been read. */
export type Step = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

export const TLS_CERT = readFileSync(new URL('../fixtures/loopback-cert.pem', import.meta.url));
const TLS_KEY = readFileSync(new URL('../fixtures/loopback-key.pem', import.meta.url));

/** A loopback server that handles its n-th request with the n-th step (the last repeats). */
export interface ScriptedServer {
  url: string;
  port: number;
  /** Requests whose headers arrived. */
  requests: number;
  /** TCP connections accepted, including ones reset at once. */
  connections: number;
  /** Resolves when no accepted socket is open any more. */
  allSocketsClosed: () => Promise<void>;
  close: () => Promise<void>;
}

export interface ScriptOptions {
  /** Serve https with the loopback test certificate. */
  tls?: boolean;
  /** Reset this many connections as soon as they are accepted, before any byte is read. */
  resetFirstConnections?: number;
  /** Listen on this port instead of a free one. */
  port?: number;
}

export async function startScriptedServer(
  steps: Step[],
  options: ScriptOptions = {},
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const state = { requests: 0, connections: 0 };
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const step = steps[Math.min(state.requests, steps.length - 1)]!;
    state.requests += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => step(request, Buffer.concat(chunks), response));
  };
  const http = options.tls
    ? createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, handle)
    : createHttpServer(handle);
  const front = createNetServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) {
        for (const resolve of waiters.splice(0)) {
          resolve();
        }
      }
    });
    if (state.connections <= (options.resetFirstConnections ?? 0)) {
      socket.resetAndDestroy();

      return;
    }
    http.emit('connection', socket);
  });
  await new Promise<void>((resolve) => front.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = front.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    allSocketsClosed: () =>
      sockets.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        front.close(() => resolve());
      }),
  };
}

/** Responds with a JSON body. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Step {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

/** Responds with a text or HTML body. */
export function text(status: number, body: string, contentType = 'text/plain'): Step {
  return (_request, _body, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

/** Reads the whole request, then never responds. */
export const silent: Step = () => {};

/** Reads the whole request, then resets the connection without a response. */
export const resetAfterRead: Step = (request) => {
  request.socket.resetAndDestroy();
};

/** Sends headers at once, then one body byte every 50 ms, far slower than any test timeout. */
export const slowBody: Step = (_request, _body, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
  const timer = setInterval(() => {
    if (response.destroyed) {
      clearInterval(timer);

      return;
    }
    response.write(' ');
  }, 50);
  response.on('close', () => clearInterval(timer));
};

/**
 * Checks the Crossbar timestamp against a clock `aheadMs` ahead of this machine's, with a
 * 300 s window as Crossbar does. Outside it, responds "Request expired" with its own `Date` header.
 */
export function clockAhead(aheadMs: number, sendDate = true): Step {
  return (request, _body, response) => {
    const now = Date.now() + aheadMs;
    const timestamp = new URL(request.url ?? '/', 'http://x').searchParams.get('timestamp') ?? '';
    const delta = Math.abs(Date.parse(timestamp) - now);
    if (!(delta <= 300_000)) {
      response.sendDate = false;
      response.writeHead(400, {
        'content-type': 'application/json',
        ...(sendDate ? { date: new Date(now).toUTCString() } : {}),
      });
      response.end(JSON.stringify({ error: 'Request expired, too old timestamp.', args: [], kwargs: {} }));

      return;
    }
    json(200, { id: 301 })(request, _body, response);
  };
}
