import { Client } from '@autobahnpush/core';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import autobahn from 'autobahn';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { type Callee, connectCallee } from './support/callee.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { memoryLogger } from './support/memory-logger.js';

const KEY = 'call-app-key';
const SECRET = 'call-app-secret';

let router: DevRouter;
let callee: Callee;
/** Arguments of every invocation of `com.shop.echo`, in order. */
const invocations: { args: unknown[]; kwargs: Record<string, unknown> }[] = [];

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  callee = await connectCallee(router.wsUrl, router.realm);
  const { session } = callee;
  await session.register('com.shop.echo', (args?: unknown[], kwargs?: Record<string, unknown>) => {
    invocations.push({ args: args ?? [], kwargs: kwargs ?? {} });

    return new autobahn.Result(args, kwargs);
  });
  await session.register('com.shop.stock_of', () => new autobahn.Result([3], { sku: 'sku-42', warehouse: 'north' }));
  await session.register('com.shop.reserve', () => {
    throw new autobahn.Error('com.shop.error.out_of_stock', ['sku-42 is sold out'], { sku: 'sku-42', available: 0 });
  });
});

afterEach(() => {
  invocations.length = 0;
});

afterAll(async () => {
  await callee.close();
  await router.close();
});

// Responds with the fields of the error that a handler of a failed call branches on.
const describeError: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(502).json({
    name: error.name,
    code: error.code,
    uri: error.uri,
    args: error.args,
    kwargs: error.kwargs,
    procedure: error.procedure,
    message: error.message,
  });
};

describe.each(EXPRESS_VERSIONS)('req.call on $name', ({ name, express }) => {
  let server: AppServer;
  let client: Client;

  // Express 5 passes an async handler's rejection to the error handler, but Express 4
  // ignores it, so the Express 4 handler calls next(error).
  const callBodyProcedure: RequestHandler =
    name === 'Express 5'
      ? async (req, res) => {
          res.json(await req.call(req.body.procedure, req.body.input));
        }
      : (req, res, next) => {
          req.call(req.body.procedure, req.body.input).then((result) => {
            res.json(result);
          }, next);
        };

  async function start(callClient: Client, mode: 'immediate' | 'after-response' = 'immediate'): Promise<void> {
    client = callClient;
    const app = express();
    app.use(express.json());
    app.use(autobahnPush(client, { mode, logger: memoryLogger() }));
    app.post('/call', callBodyProcedure);
    app.use(describeError);
    server = await listen(app);
  }

  afterEach(async () => {
    await server.close();
    await client.close();
  });

  it('resolves with args and kwargs', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true }));

    const response = await request(server.url).post('/call').send({ procedure: 'com.shop.stock_of' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ args: [3], kwargs: { sku: 'sku-42', warehouse: 'north' } });
  });

  it('passes input to the callee unchanged', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: router.callUrl }));

    const response = await request(server.url)
      .post('/call')
      .set('x-wamp-session-id', '77')
      .send({ procedure: 'com.shop.echo', input: { args: ['Grüße', { n: 1 }], kwargs: { exclude: [5] } } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ args: ['Grüße', { n: 1 }], kwargs: { exclude: [5] } });
    expect(invocations).toEqual([{ args: ['Grüße', { n: 1 }], kwargs: { exclude: [5] } }]);
  });

  it('calls at once in after-response mode', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true }), 'after-response');

    const response = await request(server.url)
      .post('/call')
      .send({ procedure: 'com.shop.echo', input: { args: [1] } });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ args: [1], kwargs: {} });
    expect(invocations).toEqual([{ args: [1], kwargs: {} }]);
  });

  it('callee error reaches the error handler', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true }));

    const response = await request(server.url).post('/call').send({ procedure: 'com.shop.reserve' });

    expect(response.status).toBe(502);
    expect(response.body.name).toBe('CallFailedError');
    expect(response.body.code).toBe('ERR_CALL_FAILED');
    expect(response.body.uri).toBe('com.shop.error.out_of_stock');
    expect(response.body.args).toEqual(['sku-42 is sold out']);
    expect(response.body.kwargs).toEqual({ sku: 'sku-42', available: 0 });
    expect(response.body.procedure).toBe('com.shop.reserve');
  });

  it('unknown procedure rejects with ERR_NO_SUCH_PROCEDURE', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true }));

    const response = await request(server.url).post('/call').send({ procedure: 'com.shop.nobody' });

    expect(response.status).toBe(502);
    expect(response.body.name).toBe('NoSuchProcedureError');
    expect(response.body.code).toBe('ERR_NO_SUCH_PROCEDURE');
    expect(response.body.uri).toBe('wamp.error.no_such_procedure');
    expect(response.body.args).toEqual(["no callee has registered procedure 'com.shop.nobody'"]);
    expect(response.body.kwargs).toEqual({});
  });

  it('client without callUrl rejects with ERR_INVALID_ARGUMENT', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET }));

    const response = await request(server.url).post('/call').send({ procedure: 'com.shop.echo' });

    expect(response.status).toBe(502);
    expect(response.body.name).toBe('InvalidArgumentError');
    expect(response.body.code).toBe('ERR_INVALID_ARGUMENT');
    expect(response.body.message).toBe(
      'Cannot call procedure "com.shop.echo": no Caller URL is configured. Pass the callUrl ' +
        'option, or callUrl: true to use the "call" sibling of the publisher URL.',
    );
    expect(invocations).toEqual([]);
  });

  it('appliance client rejects with ERR_INVALID_ARGUMENT', async () => {
    await start(new Client(router.pushUrl, { protocol: 'appliance' }));

    const response = await request(server.url).post('/call').send({ procedure: 'com.shop.echo' });

    expect(response.status).toBe(502);
    expect(response.body.code).toBe('ERR_INVALID_ARGUMENT');
    expect(response.body.message).toBe(
      'Cannot call procedure "com.shop.echo": the appliance protocol has no remote procedure ' +
        'calls; use a Crossbar.io HTTP bridge Caller with protocol "crossbar".',
    );
    expect(invocations).toEqual([]);
  });

  it('invalid input rejects before sending', async () => {
    await start(new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true }));

    const response = await request(server.url)
      .post('/call')
      .send({ procedure: 'com.shop.echo', input: { args: 'not a list' } });

    expect(response.status).toBe(502);
    expect(response.body.code).toBe('ERR_INVALID_ARGUMENT');
    expect(response.body.message).toBe('Invalid args "not a list": pass an array, for example [1, 2].');
    expect(invocations).toEqual([]);
  });
});
