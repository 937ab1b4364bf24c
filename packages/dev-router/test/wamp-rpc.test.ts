/**
 * The dealer over WebSocket: REGISTER, UNREGISTER, CALL, YIELD, callee
 * ERROR, CANCEL, caller-side timeouts and sessions that leave mid-call,
 * driven frame by frame with bare WAMP clients.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { joinRawCallee, registerRaw } from './helpers/callees.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

const PROCEDURE = 'com.example.rpc';
const MAX_ID = 2 ** 53;

describe('wamp dealer', () => {
  let router: DevRouter;
  const clients: RawWampClient[] = [];

  beforeAll(async () => {
    router = await startDevRouter();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => router.close());

  async function callee(cancels = false): Promise<RawWampClient> {
    const { client } = await joinRawCallee(router, cancels);
    clients.push(client);

    return client;
  }

  async function caller(details: Record<string, unknown> = {}): Promise<RawWampClient> {
    const client = await RawWampClient.connect(router.wsUrl);
    clients.push(client);
    await client.join(router.realm, { roles: { caller: {} }, ...details });

    return client;
  }

  /** Sends UNREGISTER for an unknown ID and returns the reply, which proves no other message was queued before it. */
  async function nextAfterProbe(client: RawWampClient): Promise<unknown[]> {
    client.send([66, 999, 1]);

    return client.next();
  }

  it('welcomes with dealer features', async () => {
    const client = await RawWampClient.connect(router.wsUrl);
    clients.push(client);

    client.send([1, router.realm, { roles: { caller: {} } }]);
    const welcome = await client.next();

    expect(welcome[0]).toBe(2);
    expect((welcome[2] as { roles: Record<string, unknown> }).roles.dealer).toEqual({
      features: { caller_identification: true, call_canceling: true, call_timeout: true },
    });
  });

  it('registers and unregisters', async () => {
    const client = await callee();

    const registrationId = await registerRaw(client, 1, PROCEDURE);
    client.send([66, 2, registrationId]);
    const unregistered = await client.next();
    client.send([66, 3, registrationId]);
    const error = await client.next();

    expect(Number.isInteger(registrationId)).toBe(true);
    expect(registrationId).toBeGreaterThanOrEqual(1);
    expect(registrationId).toBeLessThanOrEqual(MAX_ID);
    expect(unregistered).toEqual([67, 2]);
    expect(error).toEqual([8, 66, 3, {}, 'wamp.error.no_such_registration', [`this session has no registration ${registrationId}`]]);
  });

  it('rejects duplicate registration', async () => {
    const first = await callee();
    const second = await callee();
    await registerRaw(first, 1, PROCEDURE);

    second.send([64, 1, {}, PROCEDURE]);
    const error = await second.next();

    expect(error.slice(0, 5)).toEqual([8, 64, 1, {}, 'wamp.error.procedure_already_exists']);
  });

  it('rejects unregister of another session', async () => {
    const owner = await callee();
    const other = await callee();
    const registrationId = await registerRaw(owner, 1, PROCEDURE);

    other.send([66, 1, registrationId]);
    const error = await other.next();

    expect(error.slice(0, 5)).toEqual([8, 66, 1, {}, 'wamp.error.no_such_registration']);
  });

  it.each([
    ['reserved URI', 'wamp.session.count', 'wamp.error.invalid_uri'],
    ['empty component', 'com..x', 'wamp.error.invalid_uri'],
    ['whitespace', 'com.example.a b', 'wamp.error.invalid_uri'],
    ['denied prefix', 'denied.proc', 'wamp.error.not_authorized'],
  ])('rejects registration with %s', async (_case, procedure, uri) => {
    const client = await callee();

    client.send([64, 5, {}, procedure]);
    const error = await client.next();

    expect(error.slice(0, 5)).toEqual([8, 64, 5, {}, uri]);
    expect(typeof (error[5] as unknown[])[0]).toBe('string');
  });

  it('rejects pattern registration', async () => {
    const client = await callee();

    client.send([64, 5, { match: 'prefix' }, 'com.example.']);
    const error = await client.next();

    expect(error.slice(0, 5)).toEqual([8, 64, 5, {}, 'wamp.error.invalid_argument']);
  });

  it('routes call and result', async () => {
    const server = await callee();
    const registrationId = await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE, [1, 'two'], { three: 3 }]);
    const invocation = await server.next();
    server.send([70, invocation[1], {}, ['r'], { k: 'v' }]);
    const result = await client.next();

    expect(invocation).toEqual([68, invocation[1], registrationId, {}, [1, 'two'], { three: 3 }]);
    expect(Number.isInteger(invocation[1])).toBe(true);
    expect(result).toEqual([50, 7, {}, ['r'], { k: 'v' }]);
  });

  it('omits empty arguments', async () => {
    const server = await callee();
    const registrationId = await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 8, {}, PROCEDURE, [], {}]);
    const invocation = await server.next();
    server.send([70, invocation[1], {}]);
    const result = await client.next();

    expect(invocation).toEqual([68, invocation[1], registrationId, {}]);
    expect(result).toEqual([50, 8, {}]);
  });

  it('forwards callee error', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    server.send([8, 68, invocation[1], {}, 'com.example.error', ['boom'], { code: 3 }]);
    const error = await client.next();

    expect(error).toEqual([8, 48, 7, {}, 'com.example.error', ['boom'], { code: 3 }]);
  });

  it('errors on no such procedure', async () => {
    const client = await caller();

    client.send([48, 7, {}, 'com.example.nobody']);
    const error = await client.next();

    expect(error).toEqual([8, 48, 7, {}, 'wamp.error.no_such_procedure', ["no callee has registered procedure 'com.example.nobody'"]]);
  });

  it.each([
    ['invalid URI', 'com..x', 'wamp.error.invalid_uri'],
    ['reserved URI', 'wamp.session.count', 'wamp.error.no_such_procedure'],
    ['denied prefix', 'denied.proc', 'wamp.error.not_authorized'],
  ])('rejects call with %s', async (_case, procedure, uri) => {
    const client = await caller();

    client.send([48, 7, {}, procedure]);
    const error = await client.next();

    expect(error.slice(0, 5)).toEqual([8, 48, 7, {}, uri]);
  });

  it.each([
    ['negative timeout', { timeout: -1 }],
    ['fractional timeout', { timeout: 1.5 }],
    ['string timeout', { timeout: '100' }],
    ['non-boolean disclose_me', { disclose_me: 'yes' }],
  ])('rejects call with %s', async (_case, options) => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, options, PROCEDURE]);
    const error = await client.next();

    expect(error.slice(0, 5)).toEqual([8, 48, 7, {}, 'wamp.error.invalid_argument']);
    expect(await nextAfterProbe(server)).toEqual([8, 66, 999, {}, 'wamp.error.no_such_registration', ['this session has no registration 1']]);
  });

  it('discloses caller on request', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller({ authid: 'alice', authrole: 'admin' });
    const [callerInfo] = router.sessions.filter((session) => session.authid === 'alice');

    client.send([48, 7, { disclose_me: true }, PROCEDURE]);
    const invocation = await server.next();

    expect(invocation[3]).toEqual({ caller: callerInfo!.id, caller_authid: 'alice', caller_authrole: 'admin' });
  });

  it('times out call with canceled', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, { timeout: 50 }, PROCEDURE]);
    const invocation = await server.next();
    const error = await client.next();
    server.send([70, invocation[1], {}, ['too late']]);
    client.send([48, 8, {}, 'com.example.nobody']);
    const next = await client.next();

    expect(error).toEqual([8, 48, 7, {}, 'wamp.error.canceled', [`the call of '${PROCEDURE}' timed out after 50 ms`]]);
    expect(next.slice(0, 5)).toEqual([8, 48, 8, {}, 'wamp.error.no_such_procedure']);
    expect(await nextAfterProbe(server)).toEqual([8, 66, 999, {}, 'wamp.error.no_such_registration', ['this session has no registration 1']]);
  });

  it('interrupts canceling callee on timeout', async () => {
    const server = await callee(true);
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, { timeout: 50 }, PROCEDURE]);
    const invocation = await server.next();
    const interrupt = await server.next();
    const error = await client.next();

    expect(interrupt).toEqual([69, invocation[1], { mode: 'killnowait' }]);
    expect(error.slice(0, 5)).toEqual([8, 48, 7, {}, 'wamp.error.canceled']);
  });

  it('fails pending calls when callee leaves', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE, ['first']]);
    client.send([48, 8, {}, PROCEDURE, ['second']]);
    await server.next();
    await server.next();
    await server.close();
    const errors = [await client.next(), await client.next()];

    expect(errors.map((error) => error.slice(0, 5))).toEqual([
      [8, 48, 7, {}, 'wamp.error.canceled'],
      [8, 48, 8, {}, 'wamp.error.canceled'],
    ]);
    expect((errors[0]![5] as string[])[0]).toMatch(/^callee session \d+ left before it answered the call of 'com\.example\.rpc'$/u);
  });

  it('removes registrations when callee leaves', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    await server.close();
    const client = await caller();
    const replacement = await callee();

    client.send([48, 7, {}, PROCEDURE]);
    const error = await client.next();
    const registrationId = await registerRaw(replacement, 1, PROCEDURE);

    expect(error.slice(0, 5)).toEqual([8, 48, 7, {}, 'wamp.error.no_such_procedure']);
    expect(registrationId).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['skip', false, undefined],
    ['killnowait', true, 'killnowait'],
    ['killnowait', false, undefined],
    ['kill', false, undefined],
  ])('cancels with mode %s (callee cancels: %s)', async (mode, cancels, interruptMode) => {
    const server = await callee(cancels);
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    client.send([49, 7, { mode }]);
    const error = await client.next();
    const toCallee = await nextAfterProbe(server);

    expect(error).toEqual([8, 48, 7, {}, 'wamp.error.canceled', [`the caller canceled the call of '${PROCEDURE}'`]]);
    if (interruptMode === undefined) expect(toCallee[0]).toBe(8);
    else expect(toCallee).toEqual([69, invocation[1], { mode: interruptMode }]);
  });

  it('cancels with kill after callee reply', async () => {
    const server = await callee(true);
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    client.send([49, 7, { mode: 'kill' }]);
    const interrupt = await server.next();
    server.send([8, 68, invocation[1], {}, 'wamp.error.canceled', ['stopped']]);
    const error = await client.next();

    expect(interrupt).toEqual([69, invocation[1], { mode: 'kill' }]);
    expect(error).toEqual([8, 48, 7, {}, 'wamp.error.canceled', ['stopped']]);
  });

  it('ignores cancel of finished call', async () => {
    const client = await caller();

    client.send([49, 7, {}]);
    client.send([48, 8, {}, 'com.example.nobody']);
    const error = await client.next();

    expect(error.slice(0, 5)).toEqual([8, 48, 8, {}, 'wamp.error.no_such_procedure']);
  });

  it('interrupts callee when caller leaves', async () => {
    const server = await callee(true);
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    await client.close();
    const interrupt = await server.next();
    server.send([70, invocation[1], {}, ['nobody listens']]);

    expect(interrupt).toEqual([69, invocation[1], { mode: 'killnowait' }]);
    expect(await nextAfterProbe(server)).toEqual([8, 66, 999, {}, 'wamp.error.no_such_registration', ['this session has no registration 1']]);
  });

  it('drops progressive yield', async () => {
    const server = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    server.send([70, invocation[1], { progress: true }, ['partial']]);
    server.send([70, invocation[1], {}, ['final']]);
    const result = await client.next();

    expect(result).toEqual([50, 7, {}, ['final']]);
  });

  it('ignores yield from another session', async () => {
    const server = await callee();
    const intruder = await callee();
    await registerRaw(server, 1, PROCEDURE);
    const client = await caller();

    client.send([48, 7, {}, PROCEDURE]);
    const invocation = await server.next();
    intruder.send([70, invocation[1], {}, ['forged']]);
    await nextAfterProbe(intruder);
    server.send([70, invocation[1], {}, ['genuine']]);
    const result = await client.next();

    expect(result).toEqual([50, 7, {}, ['genuine']]);
  });
});
