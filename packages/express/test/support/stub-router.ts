import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request the stub received. */
export interface StubRequest {
  url: string;
  body: string;
}

/** A loopback HTTP server that records requests and responds with a fixed status and body. */
export interface StubRouter {
  publishUrl: string;
  requests: StubRequest[];
  /** Resolves once `count` requests in total have been received. */
  waitForRequests: (count: number) => Promise<StubRequest[]>;
  /** Sets the status and body of the responses to later requests. */
  answer: (status: number, body: unknown) => void;
  close: () => Promise<void>;
}

/** Starts a stub push endpoint that returns Crossbar's success, `200 {"id": 1}`, until `answer` changes it. */
export async function startStubRouter(): Promise<StubRouter> {
  const requests: StubRequest[] = [];
  const waiters: { count: number; resolve: (requests: StubRequest[]) => void }[] = [];
  let status = 200;
  let body: unknown = { id: 1 };
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
      for (const waiter of waiters.filter((entry) => requests.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(requests.slice());
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    publishUrl: `http://127.0.0.1:${port}/publish`,
    requests,
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve(requests.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
    answer: (nextStatus, nextBody) => {
      status = nextStatus;
      body = nextBody;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
