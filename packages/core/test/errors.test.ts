import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortedError,
  AutobahnPushError,
  Client,
  HttpError,
  PayloadTooLargeError,
  RejectedError,
  type TimeoutError,
  UnauthorizedError,
  isAutobahnPushError,
} from '../src/index.js';
import {
  type LoopbackServer,
  type Responder,
  answerJson,
  startLoopbackServer,
} from './support/loopback-server.js';

const SECRET = 'super-secret-value';
const KEY = 'app-key-123';

let server: LoopbackServer | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
});

async function pushAgainst(
  respond: Responder,
  protocol: 'crossbar' | 'appliance' = 'crossbar',
  timeout = 10_000,
) {
  server = await startLoopbackServer(respond);
  client = new Client(`${server.url}/publish`, { key: KEY, secret: SECRET, protocol, timeout });
  const topic = protocol === 'crossbar' ? 'com.myapp.topic1' : 'http://example.com/topic1';

  return client.push(topic, { a: 1 }).then(
    () => {
      throw new Error('expected the push to reject');
    },
    (error: unknown) => error as AutobahnPushError,
  );
}

function answerText(status: number, body: string, contentType = 'text/plain'): Responder {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(body);
  };
}

function assertNoSecrets(error: AutobahnPushError): void {
  const rendered = [
    error.message,
    String(error),
    inspect(error, { depth: 4 }),
    JSON.stringify({ ...error }),
  ].join('\n');
  expect(rendered).not.toContain(SECRET);
  expect(rendered).not.toMatch(/signature=/);
}

describe('errors from router responses', () => {
  it('maps a 200 with an error member to ERR_REJECTED', async () => {
    const error = await pushAgainst(
      answerJson(200, { error: 'wamp.error.not_authorized', args: ['denied'], kwargs: { x: 1 } }),
    );

    expect(error).toBeInstanceOf(RejectedError);
    expect(error.code).toBe('ERR_REJECTED');
    const rejected = error as RejectedError;
    expect(rejected.uri).toBe('wamp.error.not_authorized');
    expect(rejected.args).toEqual(['denied']);
    expect(rejected.kwargs).toEqual({ x: 1 });
    expect(rejected.topic).toBe('com.myapp.topic1');
    expect(error.message).toContain('wamp.error.not_authorized');
    assertNoSecrets(error);
  });

  it('maps 401 to ERR_UNAUTHORIZED', async () => {
    const error = await pushAgainst(
      answerJson(401, { error: 'signature secret not valid', args: [], kwargs: {} }),
    );

    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.code).toBe('ERR_UNAUTHORIZED');
    expect((error as UnauthorizedError).status).toBe(401);
    expect((error as UnauthorizedError).reason).toBe('signature secret not valid');
    assertNoSecrets(error);
  });

  it('maps 413 to ERR_PAYLOAD_TOO_LARGE', async () => {
    const error = await pushAgainst(
      answerJson(413, { error: 'Request too long. (65 is longer than accepted 64)' }),
    );

    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
    expect((error as PayloadTooLargeError).status).toBe(413);
    expect(error.message).toContain('65 is longer than accepted 64');
  });

  it('maps a JSON 400 to ERR_HTTP with the reason', async () => {
    const error = await pushAgainst(
      answerJson(400, { error: 'Request body was invalid JSON.', args: [], kwargs: {} }),
    );

    expect(error).toBeInstanceOf(HttpError);
    expect(error.code).toBe('ERR_HTTP');
    expect((error as HttpError).status).toBe(400);
    expect((error as HttpError).reason).toBe('Request body was invalid JSON.');
  });

  it('reads the title of an HTML error page', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>';
    const error = await pushAgainst(answerText(502, page, 'text/html'));

    expect(error.code).toBe('ERR_HTTP');
    expect((error as HttpError).status).toBe(502);
    expect((error as HttpError).reason).toBe('502 Bad Gateway');
  });

  it('reads a plain-text appliance reason', async () => {
    const error = await pushAgainst(answerText(400, 'unknown application key\n'), 'appliance');

    expect(error.code).toBe('ERR_HTTP');
    expect((error as HttpError).reason).toBe('unknown application key');
  });

  it('treats a 200 without a publication ID as ERR_HTTP', async () => {
    const error = await pushAgainst(answerText(200, 'OK'));

    expect(error.code).toBe('ERR_HTTP');
    expect((error as HttpError).status).toBe(200);
  });

  it('redacts the key and secret from server text', async () => {
    const error = await pushAgainst(answerJson(400, { error: `bad key ${KEY} / ${SECRET}` }));

    expect((error as HttpError).reason).toBe('bad key [redacted] / [redacted]');
    expect(error.message).not.toContain(KEY);
    assertNoSecrets(error);
  });
});

describe('errors from the connection', () => {
  it('maps a refused connection to ERR_NETWORK', async () => {
    const port = await freePort();
    client = new Client(`http://127.0.0.1:${port}/publish`, { key: KEY, secret: SECRET });

    const error = await client.push('com.myapp.topic1', 1).catch((caught: unknown) => caught);

    expect(isAutobahnPushError(error)).toBe(true);
    expect((error as AutobahnPushError).code).toBe('ERR_NETWORK');
    expect((error as { causeCode?: string }).causeCode).toBe('ECONNREFUSED');
    assertNoSecrets(error as AutobahnPushError);
  });

  it('maps a silent server to ERR_TIMEOUT', async () => {
    const error = await pushAgainst(
      () => {
        // Never answer.
      },
      'crossbar',
      150,
    );

    expect(error.code).toBe('ERR_TIMEOUT');
    expect((error as TimeoutError).timeout).toBe(150);
    expect(error.message).toContain('timed out after 150 ms');
  });

  it('maps an aborted push to ERR_ABORTED', async () => {
    server = await startLoopbackServer(() => {
      // Never respond, so the abort decides.
    });
    client = new Client(`${server.url}/publish`);
    const controller = new AbortController();

    const pending = client.push('com.myapp.topic1', 1, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).code).toBe('ERR_ABORTED');
  });

  it('rejects an already aborted push without sending it', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`);

    const error = await client
      .push('com.myapp.topic1', 1, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);

    expect((error as AutobahnPushError).code).toBe('ERR_ABORTED');
    expect(server.requests).toHaveLength(0);
  });

  it('checks maxBodyBytes before sending', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`, { maxBodyBytes: 64 });

    const error = await client
      .push('com.myapp.topic1', 'ü'.repeat(20))
      .then(() => undefined, (caught: unknown) => caught as PayloadTooLargeError);

    if (error === undefined) {
      throw new Error('expected the push to reject');
    }

    expect(error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
    expect(error.bytes).toBe(80);
    expect(error.limit).toBe(64);
    expect(error.status).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  });

  it('rejects pushes after close with ERR_CLOSED', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`);
    await client.close();

    const error = await client.push('com.myapp.topic1', 1).catch((caught: unknown) => caught);

    expect((error as AutobahnPushError).code).toBe('ERR_CLOSED');
  });

  it('lets in-flight pushes settle on close', async () => {
    server = await startLoopbackServer((_request, response) => {
      setTimeout(() => answerJson(200, { id: 5 })(_request, response), 50);
    });
    client = new Client(`${server.url}/publish`);

    const pending = client.push('com.myapp.topic1', 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await client.close();

    await expect(pending).resolves.toEqual({ id: 5 });
  });
});

describe('error classes', () => {
  it('carry a stable code and name', () => {
    const error = new RejectedError('refused', { uri: 'x.y', args: [], kwargs: {} });

    expect(error).toBeInstanceOf(AutobahnPushError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RejectedError');
    expect(error.code).toBe('ERR_REJECTED');
    expect(String(error)).toBe('RejectedError: refused');
  });

  it('never show the secret through the client', () => {
    client = new Client('http://127.0.0.1:1/publish', { key: KEY, secret: SECRET });
    const rendered = [String(client), JSON.stringify(client), inspect(client, { depth: 5 })];

    for (const text of rendered) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(KEY);
    }
    expect(String(client)).toBe('Client(crossbar http://127.0.0.1:1/publish, signed)');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
