import { Client } from '@autobahnpush/core';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import type { ErrorRequestHandler } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { type MemoryLogger, memoryLogger } from './support/memory-logger.js';
import { type Subscriber, subscribe } from './support/subscriber.js';

const TOPIC = 'com.chat.message';

let router: DevRouter;
let client: Client;
let sender: Subscriber;
let other: Subscriber;

beforeAll(async () => {
  router = await startDevRouter();
  client = new Client(router.publishUrl);
  sender = await subscribe(router.wsUrl, router.realm, TOPIC);
  other = await subscribe(router.wsUrl, router.realm, TOPIC);
});

afterAll(async () => {
  await sender.close();
  await other.close();
  await client.close();
  await router.close();
});

// Each session receives events in publication order, so once a marker pushed to everyone
// has arrived, an event that was excluded can no longer turn up before it.
async function settle(): Promise<void> {
  const expected = [sender.events.length + 1, other.events.length + 1];
  await client.push(TOPIC, 'marker');
  await sender.waitFor(expected[0]!);
  await other.waitFor(expected[1]!);
}

function drain(subscriber: Subscriber): unknown[] {
  subscriber.publications.splice(0);

  return subscriber.events.splice(0);
}

describe.each(EXPRESS_VERSIONS)('sender exclusion on $name', ({ express }) => {
  let server: AppServer;
  let logger: MemoryLogger;

  async function start(options: Parameters<typeof autobahnPush>[1] = {}): Promise<AppServer> {
    logger = memoryLogger();
    const app = express();
    app.use(express.json());
    app.use(autobahnPush(client, { logger, ...options }));
    app.post('/messages', async (req, res, next) => {
      try {
        const excludeSender = req.query.echo === 'yes' ? false : undefined;
        const receipt = await req.push(TOPIC, req.body.text, { excludeSender });
        res.status(201).json(receipt);
      } catch (error) {
        next(error);
      }
    });
    app.post('/publish', async (req, res, next) => {
      try {
        const receipt = await req.publish(TOPIC, {
          args: [req.body.text],
          kwargs: { room: 'lobby' },
        });
        res.status(201).json(receipt);
      } catch (error) {
        next(error);
      }
    });
    server = await listen(app);

    return server;
  }

  afterEach(async () => {
    await server.close();
    drain(sender);
    drain(other);
  });

  it('push reaches others, not the sender', async () => {
    await start();

    const response = await request(server.url)
      .post('/messages')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'hello' });
    await settle();

    expect(response.status).toBe(201);
    expect(typeof response.body.id).toBe('number');
    expect(drain(other)).toEqual(['hello', 'marker']);
    expect(drain(sender)).toEqual(['marker']);
  });

  it('excludeSender false echoes to the sender', async () => {
    await start();

    await request(server.url)
      .post('/messages?echo=yes')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'echo' })
      .expect(201);
    await settle();

    expect(drain(sender)).toEqual(['echo', 'marker']);
    expect(drain(other)).toEqual(['echo', 'marker']);
  });

  it('middleware excludeSender false keeps the sender', async () => {
    await start({ excludeSender: false });

    await request(server.url)
      .post('/messages')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'all' })
      .expect(201);
    await settle();

    expect(drain(sender)).toEqual(['all', 'marker']);
    expect(drain(other)).toEqual(['all', 'marker']);
  });

  it('publish excludes the sender and keeps kwargs', async () => {
    await start();

    await request(server.url)
      .post('/publish')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'full form' })
      .expect(201);
    await other.waitFor(1);
    const publication = other.publications[0];
    await settle();

    expect(publication).toEqual({ args: ['full form'], kwargs: { room: 'lobby' } });
    expect(drain(sender)).toEqual(['marker']);
  });

  it('invalid session header is ignored', async () => {
    await start();

    for (const value of ['abc', '0', '-5', '1.5', '1e3', '9007199254740993', `${sender.sessionId}, 1`]) {
      await request(server.url)
        .post('/messages')
        .set('x-wamp-session-id', value)
        .send({ text: value })
        .expect(201);
    }
    await settle();

    const values = ['abc', '0', '-5', '1.5', '1e3', '9007199254740993', `${sender.sessionId}, 1`];
    expect(drain(sender)).toEqual([...values, 'marker']);
    expect(drain(other)).toEqual([...values, 'marker']);
    expect(logger.messages('debug')).toHaveLength(values.length);
    expect(logger.messages('debug')[0]).toBe(
      'autobahnpush: ignored the x-wamp-session-id header "abc" on POST /messages: it is not ' +
        'a WAMP session ID, so the sender is not excluded.',
    );
    expect(logger.entries.filter((entry) => entry.level !== 'debug')).toEqual([]);
  });

  it('missing session header excludes nobody', async () => {
    await start();

    await request(server.url).post('/messages').send({ text: 'anonymous' }).expect(201);
    await settle();

    expect(drain(sender)).toEqual(['anonymous', 'marker']);
    expect(drain(other)).toEqual(['anonymous', 'marker']);
    expect(logger.entries).toEqual([]);
  });

  it('custom header name is read', async () => {
    await start({ sessionId: 'X-Session' });

    await request(server.url)
      .post('/messages')
      .set('x-session', String(sender.sessionId))
      .set('x-wamp-session-id', String(other.sessionId))
      .send({ text: 'custom' })
      .expect(201);
    await settle();

    expect(drain(sender)).toEqual(['marker']);
    expect(drain(other)).toEqual(['custom', 'marker']);
  });

  it('sessionId function supplies the ID', async () => {
    await start({ sessionId: (req) => Number(req.query.session) });

    await request(server.url)
      .post(`/messages?session=${other.sessionId}`)
      .send({ text: 'from query' })
      .expect(201);
    await settle();

    expect(drain(sender)).toEqual(['from query', 'marker']);
    expect(drain(other)).toEqual(['marker']);
  });

  it('async sessionId function supplies the ID', async () => {
    await start({ sessionId: async () => sender.sessionId });

    await request(server.url).post('/messages').send({ text: 'async' }).expect(201);
    await settle();

    expect(drain(sender)).toEqual(['marker']);
    expect(drain(other)).toEqual(['async', 'marker']);
  });

  it('rejected sessionId function reaches the error handler', async () => {
    logger = memoryLogger();
    const app = express();
    app.use(
      autobahnPush(client, {
        logger,
        sessionId: async () => {
          throw new Error('session store unavailable');
        },
      }),
    );
    app.get('/', (_req, res) => {
      res.send('not reached');
    });
    app.use(((error, _req, res, _next) => {
      res.status(503).send(error.message);
    }) as ErrorRequestHandler);
    server = await listen(app);

    const response = await request(server.url).get('/');

    expect(response.status).toBe(503);
    expect(response.text).toBe('session store unavailable');
  });

  it('throwing sessionId function reaches the error handler', async () => {
    logger = memoryLogger();
    const app = express();
    app.use(
      autobahnPush(client, {
        logger,
        sessionId: () => {
          throw new Error('no session');
        },
      }),
    );
    app.get('/', (_req, res) => {
      res.send('not reached');
    });
    app.use(((error, _req, res, _next) => {
      res.status(503).send(error.message);
    }) as ErrorRequestHandler);
    server = await listen(app);

    const response = await request(server.url).get('/');

    expect(response.status).toBe(503);
    expect(response.text).toBe('no session');
  });

  it('works on a mounted Router', async () => {
    logger = memoryLogger();
    const app = express();
    const api = express.Router();
    api.use(express.json());
    api.use(autobahnPush(client, { logger }));
    api.post('/rooms/:room/messages', async (req, res) => {
      const receipt = await req.push(TOPIC, `${req.params.room}: ${req.body.text}`);
      res.status(201).json(receipt);
    });
    app.use('/api', api);
    server = await listen(app);

    const response = await request(server.url)
      .post('/api/rooms/lobby/messages')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'routed' });
    await settle();

    expect(response.status).toBe(201);
    expect(drain(other)).toEqual(['lobby: routed', 'marker']);
    expect(drain(sender)).toEqual(['marker']);
  });
});
