import { afterEach, describe, expect, it } from 'vitest';
import { type AutobahnPushError, Client, type ClientOptions } from '../src/index.js';
import { type ScriptedServer, type Step, json, startScriptedServer } from './support/scripted-server.js';
import { until } from './support/until.js';

let server: ScriptedServer;
let client: Client;

afterEach(async () => {
  await client.close({ drainTimeout: 0 });
  await server.close();
});

/** A server that delays every response until `release()` is called. */
async function startHeldServer() {
  const held: (() => void)[] = [];
  let maxOpen = 0;
  let open = 0;
  const hold: Step = (request, body, response) => {
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    held.push(() => {
      open -= 1;
      json(200, { id: 1 })(request, body, response);
    });
  };
  server = await startScriptedServer([hold]);

  return {
    held,
    maxOpen: () => maxOpen,
    release: () => {
      for (const answer of held.splice(0)) {
        answer();
      }
    },
  };
}

function connect(options: ClientOptions): Client {
  client = new Client(`${server.url}/publish`, { retry: false, ...options });

  return client;
}

describe('back-pressure', () => {
  it('keeps at most maxInFlight pushes on the wire', async () => {
    const held = await startHeldServer();
    connect({ maxInFlight: 2 });

    const pushes = Array.from({ length: 5 }, (_, index) => client.push('com.myapp.bp', index));
    await until(() => held.held.length === 2);

    expect(client.inFlight).toBe(2);
    expect(client.queued).toBe(3);
    while (server.requests < 5 || held.held.length > 0) {
      held.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await expect(Promise.all(pushes)).resolves.toHaveLength(5);
    expect(held.maxOpen()).toBe(2);
  });

  it('rejects a push over maxQueue at once', async () => {
    const held = await startHeldServer();
    connect({ maxInFlight: 1, maxQueue: 1 });

    const first = client.push('com.myapp.bp', 1);
    const second = client.push('com.myapp.bp', 2);
    const third = await client.push('com.myapp.bp', 3).catch((error: unknown) => error);

    expect((third as AutobahnPushError).code).toBe('ERR_QUEUE_FULL');
    expect((third as { limit?: number }).limit).toBe(1);
    await until(() => held.held.length === 1);
    held.release();
    await until(() => held.held.length === 1);
    held.release();
    await expect(Promise.all([first, second])).resolves.toEqual([{ id: 1 }, { id: 1 }]);
  });

  it('withdraws a queued push when its signal aborts', async () => {
    const held = await startHeldServer();
    connect({ maxInFlight: 1 });
    const controller = new AbortController();

    const first = client.push('com.myapp.bp', 1);
    const second = client.push('com.myapp.bp', 2, { signal: controller.signal });
    const third = client.push('com.myapp.bp', 3);
    await until(() => held.held.length === 1);
    controller.abort();
    const error = (await second.catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_ABORTED');
    expect(error.message).toBe('The push to topic "com.myapp.bp" was aborted before it was sent.');
    expect(client.queued).toBe(1);
    held.release();
    await until(() => held.held.length === 1);
    held.release();
    await expect(Promise.all([first, third])).resolves.toEqual([{ id: 1 }, { id: 1 }]);
    expect(server.requests).toBe(2);
    expect(client.queued).toBe(0);
    expect(client.inFlight).toBe(0);
  });

  it('adds one abort listener for a signal shared by many pushes', async () => {
    server = await startScriptedServer([json(200, { id: 4 })]);
    connect({ maxInFlight: 5 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const { signal } = new AbortController();

    try {
      const receipts = await Promise.all(
        Array.from({ length: 30 }, (_, index) => client.push('com.myapp.bp', index, { signal })),
      );
      await new Promise((resolve) => setTimeout(resolve, 10));

      expect(receipts).toHaveLength(30);
      expect(receipts[29]).toEqual({ id: 4 });
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('flush resolves once everything has settled', async () => {
    const held = await startHeldServer();
    connect({ maxInFlight: 1 });
    const settled: number[] = [];

    for (let index = 0; index < 3; index++) {
      void client.push('com.myapp.bp', index).then(() => settled.push(index));
    }
    const flushed = client.flush().then(() => [...settled]);
    while (settled.length < 3) {
      await until(() => held.held.length === 1 || settled.length === 3);
      held.release();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    await expect(flushed).resolves.toEqual([0, 1, 2]);
    await expect(client.flush()).resolves.toBeUndefined();
  });

  it('close with drainTimeout rejects what is left with ERR_CLOSED', async () => {
    await startHeldServer();
    connect({ maxInFlight: 1 });

    const inFlight = client.push('com.myapp.bp', 1).catch((error: unknown) => error);
    const queued = client.push('com.myapp.bp', 2).catch((error: unknown) => error);
    await until(() => server.requests === 1);
    await client.close({ drainTimeout: 20 });

    expect(((await inFlight) as AutobahnPushError).code).toBe('ERR_CLOSED');
    expect(((await queued) as AutobahnPushError).code).toBe('ERR_CLOSED');
    const late = await client.push('com.myapp.bp', 3).catch((error: unknown) => error);
    expect((late as AutobahnPushError).code).toBe('ERR_CLOSED');
    await server.allSocketsClosed();
    expect(server.requests).toBe(1);
  });

  it('close without a timeout waits for in-flight pushes', async () => {
    const held = await startHeldServer();
    connect({});

    const pending = client.push('com.myapp.bp', 1);
    await until(() => held.held.length === 1);
    const closed = client.close();
    held.release();

    await expect(pending).resolves.toEqual({ id: 1 });
    await closed;
    await server.allSocketsClosed();
  });

  it('rejects invalid close options', async () => {
    await startHeldServer();
    connect({});

    expect(() => client.close({ drainTimeout: -1 })).toThrow('Invalid drainTimeout -1');
  });
});
