import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AutobahnPushError, Client, type ClientOptions } from '../src/index.js';
import { type RawAnswer, type RawHttpServer, type RawRequest, okResponse, startRawHttpServer } from './support/raw-http-server.js';
import { until } from './support/until.js';

const TOPIC = 'com.example.pipelined';
let server: RawHttpServer;
let client: Client;

afterEach(async () => {
  await client?.close({ drainTimeout: 0 });
  await server?.close();
});

async function start(answer: (request: RawRequest) => RawAnswer, options: ClientOptions = {}): Promise<void> {
  server = await startRawHttpServer(answer);
  client = new Client(server.url, { retry: { retries: 2, minDelay: 1, maxDelay: 5 }, ...options });
}

function pushes(count: number): Promise<unknown>[] {
  return Array.from({ length: count }, (_, index) => client.push(TOPIC, { index }));
}

async function failure(promise: Promise<unknown>): Promise<AutobahnPushError> {
  return promise.then(
    () => {
      throw new Error('The push resolved; a rejection was expected.');
    },
    (error: AutobahnPushError) => error,
  );
}

describe('socket transport', () => {
  it('pipelines one turn in one write', async () => {
    await start((request) => okResponse(request.index));
    await expect(client.push(TOPIC, { warm: true })).resolves.toEqual({ id: 0 });

    const receipts = await Promise.all(pushes(8));

    expect(receipts).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({ id })));
    expect(server.connections).toBe(1);
    const batch = server.requests.slice(1);
    expect(batch.map((request) => request.connection)).toEqual(Array(8).fill(0));
    expect(new Set(batch.map((request) => request.read)).size).toBe(1);
    expect(batch.map((request) => JSON.parse(request.body).args[0].index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('sends one request on a new connection', async () => {
    await start((request) => okResponse(request.index), { connections: 1 });

    const receipts = await Promise.all(pushes(5));

    expect(receipts).toEqual([0, 1, 2, 3, 4].map((id) => ({ id })));
    const reads = server.requests.map((request) => request.read);
    expect(reads[0]).toBe(0);
    expect(new Set(reads.slice(1))).toEqual(new Set([1]));
  });

  it('never pipelines with pipelining 1', async () => {
    await start((request) => okResponse(request.index), { connections: 2, pipelining: 1 });
    await Promise.all(pushes(2));

    const receipts = await Promise.all(pushes(6));

    expect(receipts).toEqual([2, 3, 4, 5, 6, 7].map((id) => ({ id })));
    expect(server.connections).toBe(2);
    const slots = server.requests.map((request) => `${request.connection}/${request.read}`);
    expect(new Set(slots).size).toBe(8);
  });

  it('resends unanswered requests behind Connection: close', async () => {
    // The server announces the close on the first response of the batch and ends the
    // connection without reading the requests pipelined behind it, as RFC 9112 requires.
    await start((request) => {
      if (request.index === 1) {
        return { delayMs: 0, bytes: okResponse(100, 'connection: close\r\n'), end: true };
      }

      return request.connection === 0 && request.index > 1 ? 'silent' : okResponse(request.index);
    });
    await client.push(TOPIC, { warm: true });

    const receipts = (await Promise.all(pushes(4))) as { id: number }[];

    const resent = server.requests.filter((request) => request.connection !== 0);
    expect(receipts[0]).toEqual({ id: 100 });
    expect(resent.map((request) => JSON.parse(request.body).args[0].index).sort()).toEqual([1, 2, 3]);
    expect(receipts.slice(1).map((receipt) => receipt.id).sort()).toEqual(resent.map((request) => request.index).sort());
  });

  it('reads responses after Connection: close', async () => {
    await start((request) => {
      if (request.index === 1) {
        return okResponse(100, 'connection: close\r\n');
      }

      return request.index === 4 ? { delayMs: 0, bytes: okResponse(4), end: true } : okResponse(request.index);
    });
    await client.push(TOPIC, { warm: true });

    const receipts = await Promise.all(pushes(4));

    expect(receipts).toEqual([{ id: 100 }, { id: 2 }, { id: 3 }, { id: 4 }]);
    expect(server.connections).toBe(1);
  });

  it('fails a cut response without resending', async () => {
    await start(() => 'HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n{"id":');
    const pending = client.push(TOPIC, {});
    await until(() => server.requests.length === 1);
    await server.close();

    const error = await failure(pending);

    expect(error.code).toBe('ERR_NETWORK');
    expect(server.requests).toHaveLength(1);
    expect(error.attempts).toBe(1);
  });

  it('reads chunked and close-delimited bodies', async () => {
    await start((request) =>
      request.index === 0
        ? 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4;part=1\r\n{"id\r\n4\r\n":41\r\n1\r\n}\r\n0\r\nx-trailer: 1\r\n\r\n'
        : { delayMs: 0, bytes: 'HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{"id":42}', end: true },
    );

    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 41 });
    // The first response proved the connection, and this one ends with it.
    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 42 });
  });

  it('skips interim 100 responses', async () => {
    await start(() => `HTTP/1.1 100 Continue\r\n\r\n${okResponse(9)}`);

    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 9 });
  });

  it('aborts one pipelined push only', async () => {
    await start((request) => ({ delayMs: 30, bytes: okResponse(request.index) }));
    await client.push(TOPIC, { warm: true });
    const controller = new AbortController();
    const first = client.push(TOPIC, { n: 1 });
    const aborted = client.push(TOPIC, { n: 2 }, { signal: controller.signal });
    const third = client.push(TOPIC, { n: 3 });
    await until(() => server.requests.length === 4);
    controller.abort();

    expect((await failure(aborted)).code).toBe('ERR_ABORTED');
    await expect(first).resolves.toEqual({ id: 1 });
    await expect(third).resolves.toEqual({ id: 3 });
    // The aborted request may never get a response, so the next push takes a new connection.
    await expect(client.push(TOPIC, { n: 4 })).resolves.toEqual({ id: 4 });
    expect(server.requests.map((request) => request.connection)).toEqual([0, 0, 0, 0, 1]);
  });

  it('retires a connection after a timeout', async () => {
    await start((request) => (request.index === 1 ? 'silent' : okResponse(request.index)), { timeout: 100 });
    await client.push(TOPIC, { warm: true });

    const error = await failure(client.push(TOPIC, { stuck: true }));

    expect(error.code).toBe('ERR_TIMEOUT');
    await expect(client.push(TOPIC, { after: true })).resolves.toEqual({ id: 2 });
    expect(server.requests.map((request) => request.connection)).toEqual([0, 0, 1]);
  });

  it('rejects malformed response bytes', async () => {
    await start(() => 'HTTP/1.1 2x0 Fine\r\n\r\n');

    const error = await failure(client.push(TOPIC, {}));

    expect(error.code).toBe('ERR_NETWORK');
    expect((error as AutobahnPushError & { causeCode?: string }).causeCode).toBe('ERR_INVALID_HTTP_RESPONSE');
    expect(server.requests).toHaveLength(1);
  });

  it('moves queued pushes off a dropped connection', async () => {
    // The server drops the only connection on its first request. The second push waits in
    // the queue, unwritten, so it goes out on a new connection.
    await start((request) => (request.index === 0 ? 'destroy' : okResponse(request.index)), { connections: 1 });

    const [dropped, queued] = pushes(2);

    expect((await failure(dropped!)).code).toBe('ERR_NETWORK');
    await expect(queued).resolves.toEqual({ id: 1 });
    expect(server.connections).toBe(2);
  });

  it('gives a withdrawn place to the queue', async () => {
    await start((request) => okResponse(request.index), { connections: 1 });
    const controller = new AbortController();
    const cancelled = client.push(TOPIC, { n: 1 }, { signal: controller.signal });
    const queued = client.push(TOPIC, { n: 2 });
    controller.abort();

    expect((await failure(cancelled)).code).toBe('ERR_ABORTED');
    await expect(queued).resolves.toEqual({ id: 0 });
    expect(server.requests.map((request) => [request.connection, JSON.parse(request.body).args[0].n])).toEqual([[0, 2]]);
    expect(server.connections).toBe(1);
  });

  it('resends a ping, never a push', async () => {
    await start((request) =>
      request.index === 1 || request.index === 4 ? 'destroy' : 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n',
    );
    await client.ping();

    await expect(client.ping()).resolves.toEqual({ url: server.url, status: 200 });
    expect(server.requests.map((request) => [request.connection, request.head.split(' ')[0]])).toEqual([
      [0, 'OPTIONS'],
      [0, 'OPTIONS'],
      [1, 'OPTIONS'],
    ]);

    await client.ping();
    expect((await failure(client.push(TOPIC, {}))).code).toBe('ERR_NETWORK');
    expect(server.requests).toHaveLength(5);
  });

  it('drops a connection after a stray response', async () => {
    // After the response, a 408 without length arrives for no request, and the server closes.
    await start((request) =>
      request.index === 0
        ? { delayMs: 0, bytes: `${okResponse(0)}HTTP/1.1 408 Request Timeout\r\n\r\n`, end: true }
        : okResponse(request.index),
    );

    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 0 });
    await until(() => server.requests.length === 1 && client !== undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 1 });
    expect(server.requests.map((request) => request.connection)).toEqual([0, 1]);
  });

  it('replaces a connection whose aborted push got no response', async () => {
    await start((request) => (request.index === 1 ? 'silent' : okResponse(request.index)), {
      connections: 1,
      timeout: 2_000,
    });
    await client.push(TOPIC, { warm: true });
    const controller = new AbortController();
    const aborted = client.push(TOPIC, {}, { signal: controller.signal });
    await until(() => server.requests.length === 2);
    controller.abort();

    expect((await failure(aborted)).code).toBe('ERR_ABORTED');
    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 2 });
    expect(server.requests.map((request) => request.connection)).toEqual([0, 0, 1]);
  });

  it('retries the 503s of a per-socket request limit', async () => {
    // node:http with maxRequestsPerSocket sends 503 to requests beyond the limit without
    // running the handler, and the client retries those as never processed.
    const handled = new Map<number, number>();
    const limited = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const index = JSON.parse(body).args[0].index as number;
        handled.set(index, (handled.get(index) ?? 0) + 1);
        response.end(JSON.stringify({ id: index }));
      });
    });
    limited.maxRequestsPerSocket = 3;
    await new Promise<void>((resolve) => limited.listen(0, '127.0.0.1', resolve));
    const { port } = limited.address() as AddressInfo;
    client = new Client(`http://127.0.0.1:${port}/publish`, {
      connections: 2,
      retry: { retries: 10, minDelay: 1, maxDelay: 2 },
    });

    try {
      const receipts = await Promise.all(pushes(30));

      expect(receipts).toEqual(Array.from({ length: 30 }, (_, index) => ({ id: index })));
      expect([...handled.values()].every((count) => count === 1)).toBe(true);
      expect(handled.size).toBe(30);
    } finally {
      await client.close();
      limited.closeAllConnections();
      await new Promise<void>((resolve) => limited.close(() => resolve()));
    }
  });

  it('closes a socket after Connection: close', async () => {
    // The server announces the close but keeps the TCP connection open.
    await start((request) => (request.index === 0 ? okResponse(0, 'connection: close\r\n') : okResponse(request.index)), {
      connections: 1,
      timeout: 2_000,
    });

    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 0 });
    await expect(client.push(TOPIC, {})).resolves.toEqual({ id: 1 });
    expect(server.requests.map((request) => request.connection)).toEqual([0, 1]);
  });

  it('sends one request first after idling', async () => {
    await start((request) => okResponse(request.index));
    await client.push(TOPIC, { warm: true });
    await Promise.all(pushes(3));
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    await Promise.all(pushes(4));

    // The idle connection takes one request, and the others open connections of their own.
    const afterIdle = server.requests.slice(4);
    expect(afterIdle.map((request) => request.connection)).toEqual([0, 1, 2, 3]);
    expect(server.requests.slice(1, 4).map((request) => request.connection)).toEqual([0, 0, 0]);
  });

  it('writes large pipelined batches in parts', async () => {
    await start((request) => okResponse(request.body.length));
    await client.push(TOPIC, { warm: true });
    const text = 'x'.repeat(700_000);

    const receipts = (await Promise.all([1, 2, 3].map((n) => client.push(TOPIC, { n, text })))) as { id: number }[];

    const bodies = server.requests.slice(1);
    expect(bodies.map((request) => JSON.parse(request.body).args[0].n)).toEqual([1, 2, 3]);
    expect(receipts.map((receipt) => receipt.id)).toEqual(bodies.map((request) => request.body.length));
    expect(server.connections).toBe(1);
  });
});
