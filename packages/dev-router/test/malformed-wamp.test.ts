/**
 * Malformed WebSocket input ends that connection with ABORT or a close
 * frame, and the router goes on serving the next client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { connectClient, recordEvents } from './helpers/autobahn-client.js';
import { publishJson } from './helpers/http.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

describe('malformed wamp', () => {
  let router: DevRouter;

  beforeAll(async () => {
    router = await startDevRouter();
  });
  afterAll(() => router.close());

  /** Proves the router still works: a fresh autobahn-js client subscribes and receives. */
  async function expectRouterServes(): Promise<void> {
    const client = await connectClient(router);
    const recorder = await recordEvents(client, 'com.example.alive');
    await publishJson(router.publishUrl, { topic: 'com.example.alive', args: ['still here'] });
    await recorder.waitFor(1);

    expect(recorder.events[0]!.args).toEqual(['still here']);
    await client.close();
  }

  async function expectAbort(client: RawWampClient, reason: string, closeCode: number): Promise<void> {
    const abort = await client.next();
    const closed = await client.closed;

    expect(abort[0]).toBe(3);
    expect(abort[2]).toBe(reason);
    expect(typeof (abort[1] as { message: unknown }).message).toBe('string');
    expect(closed.code).toBe(closeCode);
  }

  it.each([
    ['non-JSON text', 'this is not json'],
    ['JSON object', '{"hello": 1}'],
    ['empty array', '[]'],
    ['string message type', '["1", "realm1", {}]'],
    ['message before HELLO', '[32, 1, {}, "com.example.topic"]'],
    ['HELLO without details', '[1, "realm1"]'],
  ])('aborts on %s before joining', async (_case, frame) => {
    const client = await RawWampClient.connect(router.wsUrl);

    client.send(frame);

    await expectAbort(client, 'wamp.error.protocol_violation', 1002);
    await expectRouterServes();
  });

  it.each([
    ['unknown message type', [99, 1, {}]],
    ['HELLO twice', [1, 'realm1', { roles: { subscriber: {} } }]],
    ['SUBSCRIBE with wrong types', [32, 'one', {}, 'com.example.topic']],
    ['PUBLISH with args not a list', [16, 1, {}, 'com.example.topic', { a: 1 }]],
    ['UNSUBSCRIBE without id', [34, 1]],
    ['CALL with args not a list', [48, 1, {}, 'com.example.add2', 'x']],
  ])('aborts on %s after joining', async (_case, message) => {
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send(message);

    await expectAbort(client, 'wamp.error.protocol_violation', 1002);
    expect(router.sessions).toEqual([]);
    await expectRouterServes();
  });

  it('aborts binary frame', async () => {
    const client = await RawWampClient.connect(router.wsUrl);

    client.sendBinary(Buffer.from('[1, "realm1", {}]'));

    await expectAbort(client, 'wamp.error.protocol_violation', 1002);
    await expectRouterServes();
  });

  it('aborts unknown realm with no_such_realm', async () => {
    const client = await RawWampClient.connect(router.wsUrl);

    client.send([1, 'realm2', { roles: { subscriber: {} } }]);

    await expectAbort(client, 'wamp.error.no_such_realm', 1000);
    await expectRouterServes();
  });

  it('closes huge frame with 1009', async () => {
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send(`[16, 1, {}, "com.example.topic", ["${'x'.repeat(16 * 1024 * 1024)}"]]`);
    const closed = await client.closed;

    expect(closed.code).toBe(1009);
    expect(router.sessions).toEqual([]);
    await expectRouterServes();
  });

  it('rejects upgrade without wamp subprotocol', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(router.wsUrl, ['wamp.2.msgpack']);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('upgrade without wamp.2.json was accepted')));
      socket.on('error', () => {});
    });

    expect(status).toBe(400);
    await expectRouterServes();
  });

  it('rejects upgrade offering no subprotocol', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(router.wsUrl);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('upgrade without a subprotocol was accepted')));
      socket.on('error', () => {});
    });

    expect(status).toBe(400);
  });

  it('rejects upgrade on other path', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(router.wsUrl.replace('/ws', '/other'), ['wamp.2.json']);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('upgrade on /other was accepted')));
      socket.on('error', () => {});
    });

    expect(status).toBe(404);
  });

  it('answers GOODBYE with goodbye_and_out', async () => {
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send([6, {}, 'wamp.close.normal']);
    const goodbye = await client.next();
    const closed = await client.closed;

    expect(goodbye).toEqual([6, {}, 'wamp.close.goodbye_and_out']);
    expect(closed.code).toBe(1000);
    expect(router.sessions).toEqual([]);
  });

  it('welcomes with broker features', async () => {
    const client = await RawWampClient.connect(router.wsUrl);

    client.send([1, router.realm, { roles: { subscriber: {} }, authid: 'alice', authrole: 'admin' }]);
    const welcome = await client.next();

    expect(welcome[0]).toBe(2);
    expect(welcome[2]).toMatchObject({
      realm: router.realm,
      authid: 'alice',
      authrole: 'admin',
      roles: {
        broker: {
          features: {
            publisher_exclusion: true,
            subscriber_blackwhite_listing: true,
            publisher_identification: true,
            pattern_based_subscription: true,
            event_retention: true,
          },
        },
      },
    });
    await client.close();
  });

  it('errors on unknown unsubscribe', async () => {
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send([34, 7, 12345]);

    expect(await client.next()).toEqual([8, 34, 7, {}, 'wamp.error.no_such_subscription', ['this session has no subscription 12345']]);
    await client.close();
  });
});
