/** Refusals of the /publish endpoint on a signed router, each with its exact status. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { expectBodyShape } from './helpers/crossbar-shapes.js';
import { bridgeTimestamp, send } from './helpers/http.js';
import { signedPublishTarget } from './helpers/signing.js';

const KEY = 'foobar';
const SECRET = 'secret';
const BODY = '{"topic":"com.example.refusals","args":[1]}';
const JSON_CT = { 'content-type': 'application/json' };

describe('publish refusals', () => {
  let router: DevRouter;

  beforeAll(async () => {
    router = await startDevRouter({ key: KEY, secret: SECRET, postBodyLimit: 1024 });
  });
  afterAll(() => router.close());

  it('accepts correctly signed request', async () => {
    const response = await send(router.url, { target: signedPublishTarget(KEY, SECRET, BODY, { timestamp: bridgeTimestamp() }), headers: JSON_CT, body: BODY });

    expect(response.status).toBe(200);
    expectBodyShape(response.text, { kind: 'id' });
  });

  it('rejects bad signature with 401', async () => {
    const response = await send(router.url, { target: signedPublishTarget(KEY, 'other', BODY, { timestamp: bridgeTimestamp() }), headers: JSON_CT, body: BODY });

    expect(response.status).toBe(401);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it.each([
    ['past', -301_000],
    ['future', 301_000],
  ])('rejects timestamp 301 s in the %s', async (_direction, offset) => {
    const response = await send(router.url, { target: signedPublishTarget(KEY, SECRET, BODY, { timestamp: bridgeTimestamp(offset) }), headers: JSON_CT, body: BODY });

    expect(response.status).toBe(400);
    expectBodyShape(response.text, { kind: 'bridge-error', startsWith: 'Request expired' });
  });

  it('rejects wrong content type with 400', async () => {
    const response = await send(router.url, {
      target: signedPublishTarget(KEY, SECRET, BODY, { timestamp: bridgeTimestamp() }),
      headers: { 'content-type': 'text/plain' },
      body: BODY,
    });

    expect(response.status).toBe(400);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it('rejects replayed timestamp and nonce with 401', async () => {
    const target = signedPublishTarget(KEY, SECRET, BODY, { timestamp: bridgeTimestamp(), nonce: '42' });

    const first = await send(router.url, { target, headers: JSON_CT, body: BODY });
    const replay = await send(router.url, { target, headers: JSON_CT, body: BODY });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(401);
    expectBodyShape(replay.text, { kind: 'bridge-error' });
  });

  it('accepts same nonce with new timestamp', async () => {
    const now = Date.now();
    const first = await send(router.url, { target: signedPublishTarget(KEY, SECRET, BODY, { timestamp: new Date(now - 10).toISOString(), nonce: '77' }), headers: JSON_CT, body: BODY });
    const second = await send(router.url, { target: signedPublishTarget(KEY, SECRET, BODY, { timestamp: new Date(now - 20).toISOString(), nonce: '77' }), headers: JSON_CT, body: BODY });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
  });

  it('rejects oversized body with 413 before signature', async () => {
    const body = JSON.stringify({ topic: 'com.example.refusals', args: ['x'.repeat(1024)] });

    const response = await send(router.url, { target: signedPublishTarget(KEY, 'not-the-secret', body, { timestamp: bridgeTimestamp() }), headers: JSON_CT, body });

    expect(response.status).toBe(413);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it.each([
    ['options not an object', '{"topic":"com.example.refusals","options":[1]}'],
    ['exclude of strings', '{"topic":"com.example.refusals","options":{"exclude":["a"]}}'],
    ['exclude_me not boolean', '{"topic":"com.example.refusals","options":{"exclude_me":"no"}}'],
    ['eligible_authid of numbers', '{"topic":"com.example.refusals","options":{"eligible_authid":[1]}}'],
  ])('rejects %s with 400', async (_case, body) => {
    const response = await send(router.url, { target: signedPublishTarget(KEY, SECRET, body, { timestamp: bridgeTimestamp() }), headers: JSON_CT, body });

    expect(response.status).toBe(400);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it('answers unknown path with 404', async () => {
    const response = await send(router.url, { target: '/nothing-here', headers: JSON_CT, body: BODY });

    expect(response.status).toBe(404);
  });

  it('sets CORS headers', async () => {
    const response = await send(router.url, { method: 'OPTIONS', target: '/publish', headers: { origin: 'http://localhost:3000' } });

    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(response.headers['access-control-allow-methods']).toBe('POST, PUT, OPTIONS');
  });
});
