import { Client } from '@autobahnpush/core';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { type Subscriber, subscribe } from './support/subscriber.js';

// WAMP v1 topics are absolute URIs; the dev router's /push endpoint accepts them.
const TOPIC = 'http://example.com/chat';

let router: DevRouter;
let client: Client;
let sender: Subscriber;
let other: Subscriber;
let server: AppServer;
let middleware: ReturnType<typeof autobahnPush>;

beforeAll(async () => {
  router = await startDevRouter();
  client = new Client(router.pushUrl, { protocol: 'appliance' });
  sender = await subscribe(router.wsUrl, router.realm, TOPIC);
  other = await subscribe(router.wsUrl, router.realm, TOPIC);
  middleware = autobahnPush(client);
  const app = express();
  app.use(express.json());
  app.use(middleware);
  app.post('/messages', async (req, res) => {
    res.status(201).json(await req.push(TOPIC, req.body.text, { mode: req.body.mode }));
  });
  app.post('/queued-push', async (req, res) => {
    const { text, exclude, eligible } = req.body;
    res.status(201).json(await req.push(TOPIC, text, { mode: 'after-response', exclude, eligible }));
  });
  app.post('/queued-publish', async (req, res) => {
    const { text, options } = req.body;
    res.status(201).json(await req.publish(TOPIC, { args: [text], options }, { mode: 'after-response' }));
  });
  app.use(((error, _req, res, _next) => {
    res.status(400).json({ code: error.code, message: error.message });
  }) as ErrorRequestHandler);
  server = await listen(app);
});

afterAll(async () => {
  await server.close();
  await middleware.close();
  await sender.close();
  await other.close();
  await client.close();
  await router.close();
});

// Events arrive in publication order, so once the marker is in, an excluded push is not coming.
async function settle(): Promise<void> {
  const expected = [sender.events.length + 1, other.events.length + 1];
  await client.push(TOPIC, 'marker');
  await sender.waitFor(expected[0]!);
  await other.waitFor(expected[1]!);
}

describe('sender exclusion on the appliance protocol', () => {
  it('immediate push skips the sender', async () => {
    const response = await request(server.url)
      .post('/messages')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ text: 'now', mode: 'immediate' });
    await settle();

    expect(response.status).toBe(201);
    expect(response.body).toEqual({});
    expect(sender.events.splice(0)).toEqual(['marker']);
    expect(other.events.splice(0)).toEqual(['now', 'marker']);
  });

  it('queued push skips the sender', async () => {
    const response = await request(server.url)
      .post('/messages')
      .set('x-wamp-session-id', String(other.sessionId))
      .send({ text: 'later', mode: 'after-response' });
    await sender.waitFor(1);
    await settle();

    expect(response.body).toEqual({ queued: true });
    expect(sender.events.splice(0)).toEqual(['later', 'marker']);
    expect(other.events.splice(0)).toEqual(['marker']);
  });
});

describe('queued appliance session ID lists', () => {
  const cases = [
    {
      path: '/queued-push',
      body: { text: 'bad exclude', exclude: ['a,b'] },
      message:
        'Invalid exclude[0] "a,b": appliance session IDs are non-empty strings without commas ' +
        'or whitespace, or integers from 1 to 2^53.',
    },
    {
      path: '/queued-push',
      body: { text: 'bad eligible', eligible: [''] },
      message:
        'Invalid eligible[0] "": appliance session IDs are non-empty strings without commas ' +
        'or whitespace, or integers from 1 to 2^53.',
    },
    {
      path: '/queued-push',
      body: { text: 'exclude not a list', exclude: 'abc' },
      message: 'Invalid exclude "abc": pass an array of session IDs, for example ["Lu0tSx0nD3ZfJ0r4"].',
    },
    {
      path: '/queued-publish',
      body: { text: 'bad publish exclude', options: { exclude: [1, 'a b'] } },
      message:
        'Invalid options.exclude[1] "a b": a WAMP session ID is an integer from 1 to 2^53 ' +
        '(9007199254740992); pass the number the router assigned to the session, not a string.',
    },
  ];

  it.each(cases)('$body.text rejects at the call', async ({ path, body, message }) => {
    const response = await request(server.url).post(path).send(body);
    await settle();

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'ERR_INVALID_ARGUMENT', message });
    expect(sender.events.splice(0)).toEqual(['marker']);
    expect(other.events.splice(0)).toEqual(['marker']);
  });

  it('valid lists are queued and sent', async () => {
    const response = await request(server.url)
      .post('/queued-push')
      .send({ text: 'only other', exclude: [sender.sessionId], eligible: [String(other.sessionId)] });
    await other.waitFor(1);
    await settle();

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ queued: true });
    expect(sender.events.splice(0)).toEqual(['marker']);
    expect(other.events.splice(0)).toEqual(['only other', 'marker']);
  });
});
