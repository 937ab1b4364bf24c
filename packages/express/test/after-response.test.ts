import { Client } from '@autobahnpush/core';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import request from 'supertest';
import express5, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type AutobahnPushOptions, autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { type MemoryLogger, memoryLogger } from './support/memory-logger.js';
import { type Subscriber, subscribe } from './support/subscriber.js';

const TOPIC = 'com.chat.message';

let router: DevRouter;
let client: Client;
let subscriber: Subscriber;

beforeAll(async () => {
  router = await startDevRouter();
  client = new Client(router.publishUrl);
  subscriber = await subscribe(router.wsUrl, router.realm, TOPIC);
});

afterAll(async () => {
  await subscriber.close();
  await client.close();
  await router.close();
});

// Events arrive in publication order, so once this marker has arrived every push sent
// before it has arrived too, and a discarded one can no longer appear.
async function settle(): Promise<unknown[]> {
  const expected = subscriber.events.length + 1;
  await client.push(TOPIC, 'marker');
  const events = await subscriber.waitFor(expected);
  subscriber.events.splice(0);

  return events;
}

describe.each(EXPRESS_VERSIONS)('after-response mode on $name', ({ express }) => {
  let server: AppServer;
  let logger: MemoryLogger;
  let results: unknown[];

  type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

  async function start(handler: Handler, options: AutobahnPushOptions = {}): Promise<void> {
    logger = memoryLogger();
    results = [];
    const app = express();
    app.use(express.json());
    app.use(autobahnPush(client, { mode: 'after-response', logger, ...options }));
    app.post('/messages', async (req, res, next) => {
      try {
        await handler(req, res, next);
      } catch (error) {
        next(error);
      }
    });
    server = await listen(app);
  }

  afterEach(async () => {
    await server.close();
    subscriber.events.splice(0);
  });

  it('sends queued pushes after a 2xx response', async () => {
    await start(async (req, res) => {
      results.push(await req.push(TOPIC, 'first'));
      results.push(await req.push(TOPIC, 'second'));
      res.status(201).json({ eventsBeforeResponse: subscriber.events.length });
    });

    const response = await request(server.url).post('/messages').send({});

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ eventsBeforeResponse: 0 });
    expect(results).toEqual([{ queued: true }, { queued: true }]);
    expect(await subscriber.waitFor(2)).toEqual(['first', 'second']);
    expect(logger.entries.filter((entry) => entry.level !== 'debug')).toEqual([]);
  });

  it('discards queued pushes on a 4xx response', async () => {
    await start(async (req, res) => {
      await req.push(TOPIC, 'invalid order');
      await req.push(TOPIC, 'invalid order again');
      res.status(422).json({ error: 'invalid' });
    });

    await request(server.url).post('/messages').send({}).expect(422);

    expect(await settle()).toEqual(['marker']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 2 queued pushes for POST /messages because the response status is 422.',
    ]);
  });

  it('discards queued pushes on a 5xx response', async () => {
    await start(async (req, res) => {
      await req.push(TOPIC, 'unavailable');
      res.status(503).send('try later');
    });

    await request(server.url).post('/messages').send({}).expect(503);

    expect(await settle()).toEqual(['marker']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 1 queued push for POST /messages because the response status is 503.',
    ]);
  });

  it('discards queued pushes when the handler fails', async () => {
    await start(async (req) => {
      await req.push(TOPIC, 'never sent');
      throw new Error('database down');
    });

    const response = await request(server.url).post('/messages').send({});

    expect(response.status).toBe(500);
    expect(await settle()).toEqual(['marker']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 1 queued push for POST /messages because the response status is 500.',
    ]);
  });

  it('works on a mounted Router', async () => {
    logger = memoryLogger();
    const app = express();
    const api = express.Router();
    api.use(autobahnPush(client, { mode: 'after-response', logger }));
    api.post('/rooms/:room/messages', async (req, res, next) => {
      try {
        await req.push(TOPIC, `to ${req.params.room}`);
        res.status(req.query.fail === 'yes' ? 409 : 202).end();
      } catch (error) {
        next(error);
      }
    });
    app.use('/api', api);
    server = await listen(app);

    await request(server.url).post('/api/rooms/lobby/messages?fail=yes&token=t').expect(409);
    await request(server.url).post('/api/rooms/lobby/messages').expect(202);

    expect(await subscriber.waitFor(1)).toEqual(['to lobby']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 1 queued push for POST /api/rooms/lobby/messages because the ' +
        'response status is 409.',
    ]);
  });

  it('discards pushes when the connection closes early', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    await start(async (req) => {
      await req.push(TOPIC, 'client went away');
      req.socket.on('close', () => setImmediate(closed));
      req.socket.destroy();
    });

    const failure = await request(server.url)
      .post('/messages')
      .send({})
      .then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code,
      );
    await connectionClosed;

    expect(failure).toBe('ECONNRESET');
    expect(await settle()).toEqual(['marker']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 1 queued push for POST /messages because the connection closed ' +
        'before the response finished.',
    ]);
  });

  it('per-call immediate mode sends at once', async () => {
    await start(async (req, res) => {
      const receipt = await req.push(TOPIC, 'now', { mode: 'immediate' });
      const arrived = await subscriber.waitFor(1);
      res.status(400).json({ receipt, arrived });
    });

    const response = await request(server.url).post('/messages').send({});

    expect(response.status).toBe(400);
    expect(typeof response.body.receipt.id).toBe('number');
    expect(response.body.arrived).toEqual(['now']);
  });

  it('per-call after-response mode queues', async () => {
    logger = memoryLogger();
    const app = express();
    app.use(autobahnPush(client, { logger }));
    app.post('/messages', async (req, res, next) => {
      try {
        const queued = await req.push(TOPIC, 'later', { mode: 'after-response' });
        const sent = await req.push(TOPIC, 'now');
        res.json({ queued, sentHasId: typeof (sent as { id?: number }).id === 'number' });
      } catch (error) {
        next(error);
      }
    });
    server = await listen(app);

    const response = await request(server.url).post('/messages');

    expect(response.body).toEqual({ queued: { queued: true }, sentHasId: true });
    expect(await subscriber.waitFor(2)).toEqual(['now', 'later']);
  });

  it('sends the event as it was at the call', async () => {
    await start(async (req, res) => {
      const event = { text: 'original', tags: ['a'] };
      await req.push(TOPIC, event);
      event.text = 'changed';
      event.tags.push('b');
      res.json({});
    });

    await request(server.url).post('/messages').send({}).expect(200);

    expect(await subscriber.waitFor(1)).toEqual([{ text: 'original', tags: ['a'] }]);
  });

  it('sends a push queued after a successful response', async () => {
    await start(async (req, res) => {
      res.json({});
      await new Promise((resolve) => res.on('finish', resolve));
      results.push(await req.push(TOPIC, 'after finish'));
    });

    await request(server.url).post('/messages').send({}).expect(200);

    expect(await subscriber.waitFor(1)).toEqual(['after finish']);
    expect(results).toEqual([{ queued: true }]);
  });

  it('publish queues the full form', async () => {
    await start(async (req, res) => {
      results.push(await req.publish(TOPIC, { args: ['full'], kwargs: { room: 'lobby' } }));
      res.json({});
    });
    subscriber.publications.splice(0);

    await request(server.url).post('/messages').send({}).expect(200);
    await subscriber.waitFor(1);

    expect(results).toEqual([{ queued: true }]);
    expect(subscriber.publications).toEqual([{ args: ['full'], kwargs: { room: 'lobby' } }]);
  });
});

// Express 5 forwards a rejected promise from a handler to the error handler by itself.
describe('after-response mode on Express 5 only', () => {
  it('discards pushes of a rejecting async handler', async () => {
    const logger = memoryLogger();
    const app = express5();
    app.use(autobahnPush(client, { mode: 'after-response', logger }));
    app.post('/messages', async (req) => {
      await req.push(TOPIC, 'never sent');
      throw new Error('validation failed');
    });
    const server = await listen(app);
    onTestFinished(() => server.close());

    await request(server.url).post('/messages').expect(500);

    expect(await settle()).toEqual(['marker']);
    expect(logger.messages('debug')).toEqual([
      'autobahnpush: discarded 1 queued push for POST /messages because the response status is 500.',
    ]);
  });
});
