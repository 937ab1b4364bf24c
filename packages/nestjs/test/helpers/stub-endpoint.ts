import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that reached the stub endpoint. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Response of the stub to a POST. OPTIONS always gets 200 with an empty body, as from Crossbar. */
export interface StubReply {
  status: number;
  body: string;
}

/**
 * A loopback HTTP server that records requests to a fake push endpoint. By default it
 * responds to each POST with `{"id": N}`. With `hold()` it keeps POST responses open until
 * `release()`, which lets tests observe pushes in flight.
 */
export interface StubEndpoint {
  /** URL of the publisher path, for example `http://127.0.0.1:40123/publish`. */
  url: string;
  requests: RecordedRequest[];
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void>;
  /** Sets the reply to later POSTs. */
  reply(reply: StubReply): void;
  /** Keeps later POST responses open until `release()`. */
  hold(): void;
  /** Sends the responses of every held POST and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startStubEndpoint(): Promise<StubEndpoint> {
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const heldResponses: Array<() => void> = [];
  let holding = false;
  let publications = 0;
  let reply: StubReply | undefined;

  const respond = (response: ServerResponse): void => {
    publications += 1;
    const { status, body } = reply ?? { status: 200, body: JSON.stringify({ id: publications }) };
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      for (const waiter of waiters.filter((entry) => requests.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (request.method === 'OPTIONS') {
        response.writeHead(200).end();
      } else if (holding) {
        heldResponses.push(() => respond(response));
      } else {
        respond(response);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/publish`,
    requests,
    received(count) {
      if (requests.length >= count) {
        return Promise.resolve();
      }

      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    reply(next) {
      reply = next;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const send of heldResponses.splice(0)) {
        send();
      }
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Parses the JSON body of a recorded request. */
export function bodyOf(request: RecordedRequest | undefined): unknown {
  return JSON.parse(request?.body ?? 'null');
}
