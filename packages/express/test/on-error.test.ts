import { Client, HttpError, isAutobahnPushError } from '@autobahnpush/core';
import express from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AutobahnPushOptions, autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { type MemoryLogger, memoryLogger } from './support/memory-logger.js';
import { type StubRouter, startStubRouter } from './support/stub-router.js';

const KEY = 'app-key';
const SECRET = 'secret-value-4f1c';

let stub: StubRouter;
let unhandled: unknown[];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  stub = await startStubRouter();
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await stub.close();
});

describe('failed queued pushes', () => {
  let server: AppServer;
  let logger: MemoryLogger;
  let middleware: ReturnType<typeof autobahnPush>;

  async function start(options: AutobahnPushOptions = {}): Promise<void> {
    logger = memoryLogger();
    middleware = autobahnPush(
      { url: stub.publishUrl, key: KEY, secret: SECRET },
      { mode: 'after-response', logger, ...options },
    );
    const app = express();
    app.use(middleware);
    app.post('/orders', async (req, res) => {
      await req.push('com.shop.order_created', { id: 42 });
      res.status(201).end();
    });
    server = await listen(app);
  }

  // close() resolves once every queued push has been sent and reported.
  async function postAndFlush(): Promise<void> {
    await request(server.url).post('/orders?token=query-secret').expect(201);
    await middleware.close();
  }

  beforeEach(() => {
    unhandled = [];
    stub.answer(500, { error: 'wamp.error.runtime_error', args: [], kwargs: {} });
  });

  afterEach(async () => {
    stub.answer(200, { id: 1 });
    await server.close();
    await middleware.close();
  });

  it('onError receives the typed error and request', async () => {
    const calls: { error: unknown; path: string }[] = [];
    await start({ onError: (error, req) => void calls.push({ error, path: req.path }) });

    await postAndFlush();

    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/orders');
    expect(calls[0]!.error).toBeInstanceOf(HttpError);
    expect((calls[0]!.error as HttpError).code).toBe('ERR_HTTP');
    expect((calls[0]!.error as HttpError).status).toBe(500);
    expect((calls[0]!.error as HttpError).topic).toBe('com.shop.order_created');
    expect(logger.entries).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('default onError logs a warning', async () => {
    await start();

    await postAndFlush();

    expect(logger.messages('warn')).toEqual([
      `autobahnpush: queued push to topic "com.shop.order_created" failed after POST /orders ` +
        `finished: POST ${stub.publishUrl} failed with 500 (wamp.error.runtime_error).`,
    ]);
    expect(isAutobahnPushError(logger.entries[0]!.details[0])).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it('logs never contain the secret or query', async () => {
    stub.answer(401, { error: `invalid signature for ${SECRET}`, args: [], kwargs: {} });
    await start();

    await postAndFlush();

    const text = JSON.stringify(
      logger.entries.map((entry) => [entry.message, ...entry.details.map(String)]),
    );
    expect(logger.entries).toHaveLength(1);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('query-secret');
    expect(text).toContain('[redacted]');
  });

  it('throwing onError is logged, not unhandled', async () => {
    await start({
      onError: () => {
        throw new Error('metrics backend down');
      },
    });

    await postAndFlush();

    expect(logger.messages('error')).toEqual([
      'autobahnpush: onError threw while handling a failed push to topic ' +
        '"com.shop.order_created": metrics backend down',
    ]);
    expect(unhandled).toEqual([]);
  });

  it('rejecting onError is logged, not unhandled', async () => {
    await start({ onError: async () => Promise.reject(new Error('async failure')) });

    await postAndFlush();

    expect(logger.messages('error')).toEqual([
      'autobahnpush: onError threw while handling a failed push to topic ' +
        '"com.shop.order_created": async failure',
    ]);
    expect(unhandled).toEqual([]);
  });

  it('throwing logger is contained', async () => {
    const broken = {
      debug: () => {},
      info: () => {},
      warn: () => {
        throw new Error('log sink closed');
      },
      error: () => {
        throw new Error('log sink closed');
      },
    };
    await start({ logger: broken });

    await postAndFlush();

    expect(stub.requests.at(-1)!.body).toBe('{"topic":"com.shop.order_created","args":[{"id":42}]}');
    expect(unhandled).toEqual([]);
  });
});

describe('close', () => {
  it('closes an owned client', async () => {
    const middleware = autobahnPush({ url: stub.publishUrl });

    await middleware.close();

    await expect(middleware.client.push('com.x', 1)).rejects.toMatchObject({ code: 'ERR_CLOSED' });
  });

  it('leaves a passed client open', async () => {
    const client = new Client(stub.publishUrl);
    const middleware = autobahnPush(client);

    await middleware.close();

    expect(middleware.client).toBe(client);
    await expect(client.push('com.x', 1)).resolves.toEqual({ id: 1 });
    await client.close();
  });
});
