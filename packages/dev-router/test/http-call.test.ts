/**
 * The `/call` endpoint beyond the observed table: the signed Crossbar.io
 * vector, request checks, the `callTimeout` option, callees that leave
 * mid-call, HTTP clients that disconnect, and arbitrary bodies.
 */
import { request as httpRequest } from 'node:http';
import autobahn from 'autobahn';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { type Client, connectClient } from './helpers/autobahn-client.js';
import { connectCallee, ECHO, joinRawCallee, registerRaw, registerStandardProcedures } from './helpers/callees.js';
import { expectBodyShape } from './helpers/crossbar-shapes.js';
import { readVectors } from './helpers/fixtures.js';
import { send } from './helpers/http.js';
import type { RawWampClient } from './helpers/raw-wamp-client.js';

const JSON_CT = { 'content-type': 'application/json' };
const PROCEDURE = 'com.example.rpc';

interface ObservedVector {
  id: string;
  path: string;
  key: string;
  secret: string;
  body_utf8_hex: string;
  example_request_target: string;
  accepted: { status: number; body: string; wamp: { procedure?: string; args: unknown[]; kwargs: Record<string, unknown> } };
}

const callVectors = readVectors<{ vectors: ObservedVector[] }>('crossbar-observed.json').vectors.filter((vector) => vector.path === '/call');

const post = (body: unknown): { target: string; headers: Record<string, string>; body: string } => ({ target: '/call', headers: JSON_CT, body: JSON.stringify(body) });

describe('crossbar observed call vectors', () => {
  it('includes v09-call', () => {
    expect(callVectors.map((vector) => vector.id)).toContain('v09-call');
  });

  it.each(callVectors.map((vector) => [vector.id, vector] as const))('%s is accepted', async (_id, vector) => {
    const router = await startDevRouter({ key: vector.key, secret: vector.secret, timestampDeltaLimit: 0 });
    const callee = await connectClient(router);
    try {
      const received: unknown[][] = [];
      // Crossbar.io's test callee for this procedure returned its arguments unchanged, so this one does too.
      await callee.session.register(vector.accepted.wamp.procedure!, (args, kwargs) => {
        received.push([args, kwargs]);

        return new autobahn.Result(args, kwargs);
      });

      const response = await send(router.url, { target: vector.example_request_target, headers: JSON_CT, body: Buffer.from(vector.body_utf8_hex, 'hex') });

      expect(response.status).toBe(vector.accepted.status);
      expect(response.text).toBe(vector.accepted.body);
      expect(received).toEqual([[vector.accepted.wamp.args, vector.accepted.wamp.kwargs]]);
    } finally {
      await callee.close();
      await router.close();
    }
  });
});

describe('http call on close', () => {
  it('answers pending call with canceled', async () => {
    const router = await startDevRouter();
    const { client: server } = await joinRawCallee(router);
    await registerRaw(server, 1, PROCEDURE);

    const pending = send(router.url, post({ procedure: PROCEDURE }));
    await server.next();
    await router.close();
    const response = await pending;

    expect(response.status).toBe(200);
    expectBodyShape(response.text, { kind: 'router-error', uri: 'wamp.error.canceled' });
  });
});

describe('http call', () => {
  let router: DevRouter;
  let callee: Client;
  const rawClients: RawWampClient[] = [];

  beforeAll(async () => {
    router = await startDevRouter({ callTimeout: 100, postBodyLimit: 256 });
    callee = await connectCallee(router);
    await registerStandardProcedures(callee);
  });
  afterEach(async () => {
    await Promise.all(rawClients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await callee.close();
    await router.close();
  });

  async function rawCallee(cancels: boolean): Promise<{ server: RawWampClient; registrationId: number }> {
    const { client } = await joinRawCallee(router, cancels);
    rawClients.push(client);
    const registrationId = await registerRaw(client, 1, PROCEDURE);

    return { server: client, registrationId };
  }

  it('passes arguments without caller details', async () => {
    const { server, registrationId } = await rawCallee(false);

    const pending = send(router.url, post({ procedure: PROCEDURE, args: [1], kwargs: { a: 1 } }));
    const invocation = await server.next();
    server.send([70, invocation[1], {}, ['done']]);
    const response = await pending;

    expect(invocation).toEqual([68, invocation[1], registrationId, {}, [1], { a: 1 }]);
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"args":["done"]}');
  });

  it('treats null args and kwargs as absent', async () => {
    const response = await send(router.url, post({ procedure: ECHO, args: null, kwargs: null }));

    expect(response.status).toBe(200);
    expect(response.text).toBe('{"args":[null]}');
  });

  it('returns no_such_procedure as 200', async () => {
    const response = await send(router.url, post({ procedure: 'com.example.nobody' }));

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ error: 'wamp.error.no_such_procedure', args: ["no callee has registered procedure 'com.example.nobody'"], kwargs: {} });
  });

  it('returns reserved procedure as no_such_procedure', async () => {
    const response = await send(router.url, post({ procedure: 'wamp.session.count' }));

    expect(response.status).toBe(200);
    expectBodyShape(response.text, { kind: 'router-error', uri: 'wamp.error.no_such_procedure' });
  });

  it.each([
    ['procedure not a string', { procedure: 42 }],
    ['args not an array', { procedure: ECHO, args: 'abc' }],
    ['kwargs not an object', { procedure: ECHO, kwargs: [1, 2] }],
    ['body an array', [ECHO]],
  ])('rejects %s with 400', async (_case, body) => {
    const response = await send(router.url, post(body));

    expect(response.status).toBe(400);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it('rejects GET with 405', async () => {
    const response = await send(router.url, { method: 'GET', target: '/call' });

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST, PUT, OPTIONS');
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it('answers OPTIONS with empty 200', async () => {
    const response = await send(router.url, { method: 'OPTIONS', target: '/call' });

    expect(response.status).toBe(200);
    expect(response.text).toBe('');
  });

  it('rejects oversized body with 413', async () => {
    const response = await send(router.url, post({ procedure: ECHO, args: ['x'.repeat(300)] }));

    expect(response.status).toBe(413);
    expectBodyShape(response.text, { kind: 'bridge-error' });
  });

  it('cancels after callTimeout', async () => {
    const { server } = await rawCallee(false);

    const response = await send(router.url, post({ procedure: PROCEDURE }));
    const invocation = await server.next();
    server.send([70, invocation[1], {}, ['too late']]);

    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ error: 'wamp.error.canceled', args: [`the call of '${PROCEDURE}' timed out after 100 ms`], kwargs: {} });
  });

  it('interrupts canceling callee after callTimeout', async () => {
    const { server } = await rawCallee(true);

    const response = await send(router.url, post({ procedure: PROCEDURE }));
    const invocation = await server.next();
    const interrupt = await server.next();

    expect(response.status).toBe(200);
    expectBodyShape(response.text, { kind: 'router-error', uri: 'wamp.error.canceled' });
    expect(interrupt).toEqual([69, invocation[1], { mode: 'killnowait' }]);
  });

  it('fails call when callee leaves', async () => {
    const { client: server } = await joinRawCallee(router);
    await registerRaw(server, 1, PROCEDURE);

    const pending = send(router.url, post({ procedure: PROCEDURE }));
    await server.next();
    await server.close();
    const response = await pending;

    expect(response.status).toBe(200);
    const body = JSON.parse(response.text) as { error: string; args: string[]; kwargs: object };
    expect(body.error).toBe('wamp.error.canceled');
    expect(body.args[0]).toMatch(/^callee session \d+ left before it answered the call of 'com\.example\.rpc'$/u);
    expect(body.kwargs).toEqual({});
  });

  it('interrupts callee when client disconnects', async () => {
    const { server } = await rawCallee(true);

    const request = httpRequest(router.callUrl, { method: 'POST', headers: JSON_CT, agent: false });
    request.on('error', () => {});
    request.end(JSON.stringify({ procedure: PROCEDURE }));
    const invocation = await server.next();
    request.destroy();
    const interrupt = await server.next();
    server.send([70, invocation[1], {}, ['nobody listens']]);
    const response = await send(router.url, post({ procedure: ECHO, args: ['alive'] }));

    expect(interrupt).toEqual([69, invocation[1], { mode: 'killnowait' }]);
    expect(response.text).toBe('{"args":["alive"]}');
  });

  it('survives arbitrary bodies', async () => {
    const bodyArbitrary = fc.oneof(
      fc.json(),
      fc.record({ procedure: fc.oneof(fc.string(), fc.constant(ECHO), fc.constant('com.example.fail')), args: fc.anything(), kwargs: fc.anything() }).map((value) => JSON.stringify(value) ?? 'null'),
    );

    await fc.assert(
      fc.asyncProperty(bodyArbitrary, async (body) => {
        const response = await send(router.url, { target: '/call', headers: JSON_CT, body });

        expect([200, 400, 413]).toContain(response.status);
        expect(typeof JSON.parse(response.text)).toBe('object');
      }),
      { numRuns: 150 },
    );

    const response = await send(router.url, post({ procedure: ECHO, args: ['still serving'] }));
    expect(response.text).toBe('{"args":["still serving"]}');
  });
});
