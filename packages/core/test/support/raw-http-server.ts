import { createServer, type Socket } from 'node:net';

/** One request as the raw server read it. */
export interface RawRequest {
  /** Order of arrival over the whole server, from 0. */
  index: number;
  /** Which connection carried it, from 0. */
  connection: number;
  /** Which `data` event of that connection completed it, from 0. */
  read: number;
  head: string;
  body: string;
}

/**
 * Server reply to a request: bytes to write at once, bytes to write after a delay (then
 * end the connection if `end`), no response at all, or dropping the connection.
 */
export type RawAnswer = string | { delayMs: number; bytes: string; end?: boolean } | 'silent' | 'destroy';

/** A loopback HTTP/1.1 server on `node:net` that records how requests arrive. */
export interface RawHttpServer {
  url: string;
  requests: RawRequest[];
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Returns a 200 response with `{"id":N}` and a content-length. */
export function okResponse(id: number, extraHeaders = ''): string {
  const body = JSON.stringify({ id });

  return `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n${extraHeaders}\r\n${body}`;
}

/** Starts the server; `answer` decides the response to every request. */
export async function startRawHttpServer(answer: (request: RawRequest) => RawAnswer): Promise<RawHttpServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    const connection = connections;
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    let reads = 0;
    socket.on('data', (chunk: Buffer) => {
      const read = reads;
      reads += 1;
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd === -1) {
          return;
        }
        const head = pending.toString('latin1', 0, headEnd);
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        const end = headEnd + 4 + length;
        if (pending.length < end) {
          return;
        }
        const request: RawRequest = {
          index: requests.length,
          connection,
          read,
          head,
          body: pending.toString('utf8', headEnd + 4, end),
        };
        pending = pending.subarray(end);
        requests.push(request);
        const reply = answer(request);
        if (reply === 'destroy') {
          socket.destroy();

          return;
        }
        if (reply === 'silent') {
          continue;
        }
        if (typeof reply === 'string') {
          socket.write(reply);
        } else {
          setTimeout(() => {
            if (!socket.destroyed) {
              socket.write(reply.bytes);
              if (reply.end === true) {
                socket.end();
              }
            }
          }, reply.delayMs);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The raw server is not on a TCP port.');
  }

  return {
    url: `http://127.0.0.1:${address.port}/publish`,
    requests,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
