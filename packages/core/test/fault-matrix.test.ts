import diagnostics from 'node:diagnostics_channel';
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type AutobahnPushError, CHANNELS, Client, type ClientOptions } from '../src/index.js';
import {
  type ScriptOptions,
  type ScriptedServer,
  type Step,
  TLS_CERT,
  clockAhead,
  json,
  resetAfterRead,
  silent,
  slowBody,
  startScriptedServer,
  text,
} from './support/scripted-server.js';

const KEY = 'matrix-key';
const SECRET = 'matrix-secret-value';
const FAST_RETRY = { retries: 2, minDelay: 1, maxDelay: 5 };

interface Row {
  name: string;
  steps: Step[];
  server?: ScriptOptions;
  options?: ClientOptions;
  expected: { id: number } | { code: string; status?: number };
  requests: number;
  connections?: number;
}

const ok = json(200, { id: 7 });

const rows: Row[] = [
  {
    name: 'reset before the request is written',
    steps: [ok],
    server: { tls: true, resetFirstConnections: 1 },
    expected: { id: 7 },
    requests: 1,
    connections: 2,
  },
  {
    name: 'reset after the request is written',
    steps: [resetAfterRead, ok],
    expected: { code: 'ERR_NETWORK' },
    requests: 1,
  },
  {
    name: 'reset after written, unsafe retries on',
    steps: [resetAfterRead, ok],
    options: { retry: { ...FAST_RETRY, unsafe: true } },
    expected: { id: 7 },
    requests: 2,
  },
  {
    name: 'server that never answers',
    steps: [silent, ok],
    options: { timeout: 150 },
    expected: { code: 'ERR_TIMEOUT' },
    requests: 1,
  },
  {
    name: '503 then 200',
    steps: [json(503, { error: 'overloaded' }), ok],
    expected: { id: 7 },
    requests: 2,
  },
  {
    name: '503 until retries run out',
    steps: [json(503, { error: 'overloaded' })],
    expected: { code: 'ERR_HTTP', status: 503 },
    requests: 3,
  },
  {
    name: '429 with Retry-After',
    steps: [json(429, { error: 'slow down' }, { 'retry-after': '1' }), ok],
    expected: { id: 7 },
    requests: 2,
  },
  {
    name: '429 with a Retry-After above the cap',
    steps: [json(429, { error: 'slow down' }, { 'retry-after': '120' }), ok],
    expected: { code: 'ERR_HTTP', status: 429 },
    requests: 1,
  },
  { name: '500', steps: [json(500, { error: 'boom' }), ok], expected: { code: 'ERR_HTTP', status: 500 }, requests: 1 },
  {
    name: '500, unsafe retries on',
    steps: [json(500, { error: 'boom' }), ok],
    options: { retry: { ...FAST_RETRY, unsafe: true } },
    expected: { id: 7 },
    requests: 2,
  },
  {
    name: '200 with error',
    steps: [json(200, { error: 'wamp.error.not_authorized', args: [], kwargs: {} })],
    expected: { code: 'ERR_REJECTED' },
    requests: 1,
  },
  { name: '401', steps: [json(401, { error: 'bad signature' })], expected: { code: 'ERR_UNAUTHORIZED', status: 401 }, requests: 1 },
  { name: '413', steps: [json(413, { error: 'too long' })], expected: { code: 'ERR_PAYLOAD_TOO_LARGE', status: 413 }, requests: 1 },
  {
    name: 'HTML error page',
    steps: [text(502, '<html><title>Bad Gateway</title></html>', 'text/html')],
    expected: { code: 'ERR_HTTP', status: 502 },
    requests: 1,
  },
  { name: 'clock 301 s ahead', steps: [clockAhead(301_000)], expected: { id: 301 }, requests: 2 },
  {
    name: 'clock ahead without a Date header',
    steps: [clockAhead(301_000, false)],
    expected: { code: 'ERR_CLOCK_SKEW', status: 400 },
    requests: 1,
  },
  { name: 'slow body', steps: [slowBody], options: { timeout: 200 }, expected: { code: 'ERR_TIMEOUT' }, requests: 1 },
];

let servers: ScriptedServer[] = [];
let clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
  clients = [];
});

function makeClient(url: string | string[], options: ClientOptions = {}): Client {
  const client = new Client(url, { key: KEY, secret: SECRET, retry: FAST_RETRY, ca: TLS_CERT, ...options });
  clients.push(client);

  return client;
}

function assertRedacted(error: AutobahnPushError): void {
  const rendered = [error.message, String(error), inspect(error, { depth: 6 }), JSON.stringify(error)].join('\n');
  for (const secret of [SECRET, KEY, 'signature=', 'nonce=']) {
    expect(rendered).not.toContain(secret);
  }
}

describe('fault matrix', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const server = await startScriptedServer(row.steps, row.server);
    servers.push(server);
    const client = makeClient(`${server.url}/publish`, row.options);

    const outcome = await client.push('com.myapp.fault', { n: 1 }).catch((error: unknown) => error);

    if ('id' in row.expected) {
      expect(outcome).toEqual({ id: row.expected.id });
    } else {
      const error = outcome as AutobahnPushError & { status?: number };
      expect(error.code).toBe(row.expected.code);
      expect(error.status).toBe(row.expected.status);
      expect(error.attempts).toBe(row.requests);
      assertRedacted(error);
    }
    expect(server.requests).toBe(row.requests);
    if (row.connections !== undefined) {
      expect(server.connections).toBe(row.connections);
    }

    await client.close();
    await server.allSocketsClosed();
  });

  it('retries a refused port, then fails', async () => {
    const port = await freePort();
    const client = makeClient(`http://127.0.0.1:${port}/publish`);

    const error = (await client.push('com.myapp.fault', 1).catch((caught: unknown) => caught)) as AutobahnPushError & {
      causeCode?: string;
    };

    expect(error.code).toBe('ERR_NETWORK');
    expect(error.causeCode).toBe('ECONNREFUSED');
    expect(error.attempts).toBe(3);
    assertRedacted(error);
  });

  it('moves concurrent pushes past a dead URL together', async () => {
    const server = await startScriptedServer([ok]);
    servers.push(server);
    const deadUrl = `http://127.0.0.1:${await freePort()}/publish`;
    const client = makeClient([deadUrl, `${server.url}/publish`], { retry: false });

    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((n) => client.push('com.myapp.fault', n).catch((error: unknown) => error)),
    );

    expect(outcomes).toEqual([{ id: 7 }, { id: 7 }, { id: 7 }, { id: 7 }]);
    expect(server.requests).toBe(4);
    expect(client.url).toBe(`${server.url}/publish`);
  });

  it('stops a failover when the signal aborts between attempts', async () => {
    const server = await startScriptedServer([ok]);
    servers.push(server);
    const deadUrl = `http://127.0.0.1:${await freePort()}/publish`;
    const client = makeClient([deadUrl, `${server.url}/publish`]);
    const controller = new AbortController();
    // The abort lands after the retry is scheduled and before the next attempt starts.
    const onRetry = () => queueMicrotask(() => controller.abort());
    diagnostics.subscribe(CHANNELS.retry, onRetry);

    let error: AutobahnPushError;
    try {
      error = (await client
        .push('com.myapp.fault', 1, { signal: controller.signal })
        .catch((caught: unknown) => caught)) as AutobahnPushError;
    } finally {
      diagnostics.unsubscribe(CHANNELS.retry, onRetry);
    }

    expect(error.code).toBe('ERR_ABORTED');
    expect(error.attempts).toBe(2);
    expect(server.requests).toBe(0);
  });

  it('waits for Retry-After before retrying', async () => {
    const server = await startScriptedServer([json(503, { error: 'busy' }, { 'retry-after': '1' }), ok]);
    servers.push(server);
    const client = makeClient(`${server.url}/publish`);
    const delays: number[] = [];
    const onRetry = (message: unknown) => delays.push((message as { delayMs: number }).delayMs);
    diagnostics.subscribe(CHANNELS.retry, onRetry);

    try {
      await expect(client.push('com.myapp.fault', 1)).resolves.toEqual({ id: 7 });
    } finally {
      diagnostics.unsubscribe(CHANNELS.retry, onRetry);
    }

    expect(delays).toEqual([1000]);
  });

  it('measures and keeps the clock offset', async () => {
    const server = await startScriptedServer([clockAhead(301_000)]);
    servers.push(server);
    const client = makeClient(`${server.url}/publish`);

    await client.push('com.myapp.fault', 1);
    await client.push('com.myapp.fault', 2);

    expect(Math.abs(client.clockOffsetMs - 301_000)).toBeLessThanOrEqual(1_500);
    expect(server.requests).toBe(3);
  });

  it('bounds all attempts with the deadline', async () => {
    const busy = json(503, { error: 'busy' }, { 'retry-after': '0' });
    const slowBusy: Step = (request, body, response) => {
      setTimeout(() => busy(request, body, response), 40);
    };
    const server = await startScriptedServer([slowBusy]);
    servers.push(server);
    const client = makeClient(`${server.url}/publish`, { deadline: 300, retry: { retries: 100, minDelay: 0 } });

    const error = (await client.push('com.myapp.fault', 1).catch((caught: unknown) => caught)) as AutobahnPushError;

    // The deadline ends the push long before 100 retries of 40 ms each could run.
    expect(error.attempts).toBeLessThan(100);
    expect(error.attempts).toBeGreaterThan(1);
    if (error.code === 'ERR_TIMEOUT') {
      expect(error.message).toContain('deadline of 300 ms');
    } else {
      expect(error.code).toBe('ERR_HTTP');
    }
  });

  it('fails over when every URL is down, then sticks to the one that is up', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const urls = [`http://127.0.0.1:${first}/publish`, `http://127.0.0.1:${second}/publish`];
    const client = makeClient(urls);
    const started: string[] = [];
    const onStart = (message: unknown) => started.push((message as { url: string }).url);
    diagnostics.subscribe(CHANNELS.start, onStart);

    try {
      const error = (await client.push('com.myapp.fault', 1).catch((caught: unknown) => caught)) as AutobahnPushError;
      expect(error.code).toBe('ERR_NETWORK');
      expect(error.attempts).toBe(6);
      expect(started).toEqual([...urls, ...urls, ...urls]);

      const server = await startScriptedServer([ok], { port: second });
      servers.push(server);
      started.length = 0;
      await expect(client.push('com.myapp.fault', 2)).resolves.toEqual({ id: 7 });
      await expect(client.push('com.myapp.fault', 3)).resolves.toEqual({ id: 7 });

      expect(started).toEqual([urls[0], urls[1], urls[1]]);
      expect(client.url).toBe(urls[1]);
      expect(server.requests).toBe(2);
    } finally {
      diagnostics.unsubscribe(CHANNELS.start, onStart);
    }
  });

  it('signs every attempt anew', async () => {
    const seen: string[] = [];
    const record: Step = (request, body, response) => {
      seen.push(request.url ?? '');
      json(503, { error: 'busy' })(request, body, response);
    };
    const server = await startScriptedServer([record, record, ok]);
    servers.push(server);
    const client = makeClient(`${server.url}/publish`);

    await client.push('com.myapp.fault', 1);

    const queries = seen.map((url) => new URL(url, 'http://x').searchParams);
    expect(queries.map((query) => query.get('seq'))).toEqual(['1', '2']);
    expect(queries[0]!.get('nonce')).not.toBe(queries[1]!.get('nonce'));
    expect(queries[0]!.get('signature')).not.toBe(queries[1]!.get('signature'));
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
