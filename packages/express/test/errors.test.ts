import {
  Client,
  HttpError,
  InvalidArgumentError,
  RejectedError,
  UnauthorizedError,
} from '@autobahnpush/core';
import { DENIED_TOPIC_PREFIX, type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { memoryLogger } from './support/memory-logger.js';
import { type StubRouter, startStubRouter } from './support/stub-router.js';

const KEY = 'app-key';
const SECRET = 'app-secret-that-must-not-leak';

let router: DevRouter;
let stub: StubRouter;

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  stub = await startStubRouter();
});

afterAll(async () => {
  await stub.close();
  await router.close();
});

// Responds with the error's class name, code and extra fields, which a handler branches on.
const describeError: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(502).json({
    name: error.name,
    code: error.code,
    status: error.status,
    uri: error.uri,
    instanceOf: {
      invalid: error instanceof InvalidArgumentError,
      unauthorized: error instanceof UnauthorizedError,
      rejected: error instanceof RejectedError,
      http: error instanceof HttpError,
    },
  });
};

describe.each(EXPRESS_VERSIONS)('typed errors on $name', ({ express }) => {
  let server: AppServer;
  let client: Client;

  async function start(pushClient: Client, handler: RequestHandler): Promise<void> {
    client = pushClient;
    const app = express();
    app.use(express.json());
    app.use(autobahnPush(client, { logger: memoryLogger() }));
    app.post('/push', handler);
    app.use(describeError);
    server = await listen(app);
  }

  // The Express 4 way: catch the rejection and hand it to next().
  const pushBodyTopic: RequestHandler = (req, res, next) => {
    req.push(req.body.topic, req.body.event, req.body.options).then((receipt) => {
      res.json(receipt);
    }, next);
  };

  afterEach(async () => {
    await server.close();
    await client.close();
  });

  it('wrong secret rejects with UnauthorizedError', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: 'wrong' }), pushBodyTopic);

    const response = await request(server.url)
      .post('/push')
      .send({ topic: 'com.chat.message', event: 'x' });

    expect(response.status).toBe(502);
    expect(response.body).toEqual({
      name: 'UnauthorizedError',
      code: 'ERR_UNAUTHORIZED',
      status: 401,
      instanceOf: { invalid: false, unauthorized: true, rejected: false, http: true },
    });
  });

  it('router refusal rejects with RejectedError', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET }), pushBodyTopic);

    const response = await request(server.url)
      .post('/push')
      .send({ topic: `${DENIED_TOPIC_PREFIX}secrets`, event: 'x' });

    expect(response.status).toBe(502);
    expect(response.body.name).toBe('RejectedError');
    expect(response.body.code).toBe('ERR_REJECTED');
    expect(response.body.uri).toBe('wamp.error.not_authorized');
    expect(response.body.instanceOf.rejected).toBe(true);
  });

  it('invalid topic rejects with InvalidArgumentError', async () => {
    await start(new Client(stub.publishUrl), pushBodyTopic);
    const before = stub.requests.length;

    const response = await request(server.url).post('/push').send({ topic: 'bad topic', event: 1 });

    expect(response.body).toEqual({
      name: 'InvalidArgumentError',
      code: 'ERR_INVALID_ARGUMENT',
      instanceOf: { invalid: true, unauthorized: false, rejected: false, http: false },
    });
    expect(stub.requests.length).toBe(before);
  });

  it('invalid mode rejects with InvalidArgumentError', async () => {
    await start(new Client(stub.publishUrl), pushBodyTopic);

    const response = await request(server.url)
      .post('/push')
      .send({ topic: 'com.chat.message', event: 1, options: { mode: 'later' } });

    expect(response.body.code).toBe('ERR_INVALID_ARGUMENT');
    expect(response.body.name).toBe('InvalidArgumentError');
  });

  it('queued invalid topic rejects at the call', async () => {
    await start(new Client(stub.publishUrl), pushBodyTopic);
    const before = stub.requests.length;

    const response = await request(server.url)
      .post('/push')
      .send({ topic: 'wamp.reserved', event: 1, options: { mode: 'after-response' } });

    expect(response.body.code).toBe('ERR_INVALID_ARGUMENT');
    expect(stub.requests.length).toBe(before);
  });

  it('server error rejects with HttpError', async () => {
    stub.answer(500, { error: 'wamp.error.runtime_error', args: [], kwargs: {} });
    await start(new Client(stub.publishUrl), pushBodyTopic);

    const response = await request(server.url)
      .post('/push')
      .send({ topic: 'com.chat.message', event: 1 });
    stub.answer(200, { id: 1 });

    expect(response.body).toEqual({
      name: 'HttpError',
      code: 'ERR_HTTP',
      status: 500,
      instanceOf: { invalid: false, unauthorized: false, rejected: false, http: true },
    });
  });
});

describe('call options', () => {
  let server: AppServer;
  let client: Client;

  beforeAll(async () => {
    client = new Client(stub.publishUrl);
    const { default: express } = await import('express');
    const app = express();
    app.use(express.json());
    app.use(autobahnPush(client, { logger: memoryLogger() }));
    app.post('/push', async (req, res) => {
      res.json(await req.push('com.chat.message', 'x', req.body));
    });
    app.post('/publish', async (req, res) => {
      res.json(
        await req.publish('com.chat.message', { args: ['x'], options: { retain: true } }, req.body),
      );
    });
    app.use(((error, _req, res, _next) => {
      res.status(502).json({ code: error.code, message: error.message });
    }) as ErrorRequestHandler);
    server = await listen(app);
  });

  afterAll(async () => {
    await server.close();
    await client.close();
  });

  async function lastBody(path: string, options: unknown): Promise<unknown> {
    const before = stub.requests.length;
    await request(server.url)
      .post(path)
      .set('x-wamp-session-id', '77')
      .send(options as object)
      .expect(200);
    const requests = await stub.waitForRequests(before + 1);

    return JSON.parse(requests.at(-1)!.body);
  }

  it('mode and excludeSender stay out of the push', async () => {
    const body = await lastBody('/push', { mode: 'immediate', excludeSender: true, exclude: [5] });

    expect(body).toEqual({ topic: 'com.chat.message', args: ['x'], options: { exclude: [5, 77] } });
  });

  it('excludeSender false sends no exclude', async () => {
    const body = await lastBody('/push', { excludeSender: false });

    expect(body).toEqual({ topic: 'com.chat.message', args: ['x'] });
  });

  it('sender already excluded is not repeated', async () => {
    const body = await lastBody('/push', { exclude: [77] });

    expect(body).toEqual({ topic: 'com.chat.message', args: ['x'], options: { exclude: [77] } });
  });

  it('publish merges the sender into options', async () => {
    const body = await lastBody('/publish', { mode: 'immediate' });

    expect(body).toEqual({
      topic: 'com.chat.message',
      args: ['x'],
      options: { retain: true, exclude: [77] },
    });
  });

  it('unknown call option is rejected', async () => {
    const response = await request(server.url).post('/push').send({ retries: 3 });

    expect(response.status).toBe(502);
    expect(response.body).toEqual({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'Unknown req.push option "retries": supported options are exclude, eligible, signal, ' +
        'excludeSender, mode.',
    });
  });

  it('invalid excludeSender is rejected', async () => {
    const response = await request(server.url).post('/push').send({ excludeSender: 'no' });

    expect(response.body).toEqual({
      code: 'ERR_INVALID_ARGUMENT',
      message: 'Invalid excludeSender "no": pass true or false.',
    });
  });
});
