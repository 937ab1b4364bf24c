import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it, body bytes untouched. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Buffer;
  socket: Socket;
}

export type Responder = (
  request: CapturedRequest,
  response: ServerResponse,
) => void | Promise<void>;

/** A loopback HTTP server that records every request and responds through `respond`. */
export interface LoopbackServer {
  url: string;
  port: number;
  requests: CapturedRequest[];
  /** Number of distinct TCP connections accepted so far. */
  connections: () => number;
  close: () => Promise<void>;
}

export async function startLoopbackServer(respond: Responder): Promise<LoopbackServer> {
  const requests: CapturedRequest[] = [];
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const captured: CapturedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body: Buffer.concat(chunks),
        socket: request.socket,
      };
      requests.push(captured);
      void Promise.resolve(respond(captured, response)).catch((error: unknown) => {
        response.destroy(error as Error);
      });
    });
  });
  server.on('connection', (socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connectionCount,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** Responds like Crossbar's publisher on success: `200 {"id": N}`. */
export function answerJson(status: number, body: unknown): Responder {
  return (_request, response) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(text);
  };
}
