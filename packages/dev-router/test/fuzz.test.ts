/**
 * Property tests with fast-check: arbitrary HTTP requests and WebSocket
 * frames never make the router answer 500 or stop serving. fast-check comes
 * from the workspace root's devDependencies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { connectClient, recordEvents } from './helpers/autobahn-client.js';
import { bridgeTimestamp, send } from './helpers/http.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';
import { signedPublishTarget } from './helpers/signing.js';

const QUERY_NAMES = ['key', 'timestamp', 'seq', 'nonce', 'signature', 'topic', 'topicuri', 'appkey', 'exclude', 'eligible', 'event'];

const queryArbitrary = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...QUERY_NAMES), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 6 }), fc.constantFrom('&', ';'))
  .map(([pairs, separator]) => pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join(separator));

/** A JSON text, or a JSON array that starts with a plausible WAMP message type code. */
const frameArbitrary = fc.oneof(
  fc.json(),
  fc.tuple(fc.integer({ min: 0, max: 70 }), fc.array(fc.jsonValue(), { maxLength: 5 })).map(([type, rest]) => JSON.stringify([type, ...rest])),
);

const bodyArbitrary = fc.oneof(
  fc.json().map((text) => Buffer.from(text)),
  fc.record({ topic: fc.oneof(fc.string(), fc.constant('com.example.fuzz')), args: fc.anything(), kwargs: fc.anything(), options: fc.anything() }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

const contentTypeArbitrary = fc.constantFrom(undefined, 'application/json', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', 'text/plain', 'application/json; a=b=c');

describe('fuzz', () => {
  let router: DevRouter;

  beforeAll(async () => {
    router = await startDevRouter({ key: 'foobar', secret: 'secret', postBodyLimit: 2048 });
  });
  afterAll(() => router.close());

  it('http endpoints never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/publish', '/call', '/push'), fc.constantFrom('POST', 'PUT', 'GET'), queryArbitrary, bodyArbitrary, contentTypeArbitrary, async (path, method, query, body, contentType) => {
        const response = await send(router.url, { method, target: `${path}?${query}`, headers: contentType === undefined ? {} : { 'content-type': contentType }, body });

        expect([200, 202, 400, 401, 405, 413]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary frames never stop the router', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frameArbitrary, { minLength: 1, maxLength: 4 }), async (frames) => {
        const client = await RawWampClient.connect(router.wsUrl);
        await client.join(router.realm);
        for (const frame of frames) client.send(frame);
        client.send([6, {}, 'wamp.close.normal']);

        const closed = await client.closed;

        expect([1000, 1002]).toContain(closed.code);
      }),
      { numRuns: 60 },
    );

    const subscriber = await connectClient(router);
    const recorder = await recordEvents(subscriber, 'com.example.after');
    const body = '{"topic":"com.example.after","args":["still serving"]}';
    const response = await send(router.url, { target: signedPublishTarget('foobar', 'secret', body, { timestamp: bridgeTimestamp() }), headers: { 'content-type': 'application/json' }, body });
    await recorder.waitFor(1);
    await subscriber.close();

    expect(response.status).toBe(200);
    expect(recorder.events[0]!.args).toEqual(['still serving']);
  });
});
