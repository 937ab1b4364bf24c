/**
 * Malformed RPC messages end that session with ABORT
 * `wamp.error.protocol_violation`, and the router goes on routing calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { type Client, connectClient } from './helpers/autobahn-client.js';
import { connectCallee, ECHO, joinRawCallee, registerRaw, registerStandardProcedures } from './helpers/callees.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

describe('malformed rpc', () => {
  let router: DevRouter;
  let callee: Client;

  beforeAll(async () => {
    router = await startDevRouter();
    callee = await connectCallee(router);
    await registerStandardProcedures(callee);
  });
  afterAll(async () => {
    await callee.close();
    await router.close();
  });

  /** Proves the dealer still works: a fresh autobahn-js caller calls the echo procedure. */
  async function expectRouterCalls(): Promise<void> {
    const caller = await connectClient(router);
    const result = await caller.session.call(ECHO, ['still here']);
    await caller.close();

    expect(result).toBe('still here');
  }

  async function expectViolation(client: RawWampClient): Promise<void> {
    const abort = await client.next();
    const closed = await client.closed;

    expect(abort[0]).toBe(3);
    expect(abort[2]).toBe('wamp.error.protocol_violation');
    expect(typeof (abort[1] as { message: unknown }).message).toBe('string');
    expect(closed.code).toBe(1002);
  }

  it.each([
    ['REGISTER with numeric procedure', [64, 1, {}, 42]],
    ['REGISTER without options', [64, 1, 'com.example.x']],
    ['UNREGISTER without id', [66, 1]],
    ['CALL with string request id', [48, 'one', {}, ECHO]],
    ['CALL with kwargs a list', [48, 1, {}, ECHO, [], []]],
    ['CALL with extra element', [48, 1, {}, ECHO, [], {}, 'more']],
    ['CANCEL without options', [49, 1]],
    ['CANCEL with unknown mode', [49, 1, { mode: 'stop' }]],
    ['YIELD with string request id', [70, 'x', {}]],
    ['YIELD with args a dict', [70, 1, {}, { a: 1 }]],
    ['ERROR in reply to SUBSCRIBE', [8, 32, 1, {}, 'com.example.error']],
    ['ERROR with invalid URI', [8, 68, 1, {}, 'not a uri']],
    ['ERROR without error URI', [8, 68, 1, {}]],
    ['RESULT from a client', [50, 1, {}]],
    ['INTERRUPT from a client', [69, 1, {}]],
  ])('aborts on %s', async (_case, message) => {
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send(message);

    await expectViolation(client);
    await expectRouterCalls();
  });

  it('aborts on reused pending call id', async () => {
    const { client: server } = await joinRawCallee(router);
    await registerRaw(server, 1, 'com.example.slow');
    const client = await RawWampClient.connect(router.wsUrl);
    await client.join(router.realm);

    client.send([48, 7, {}, 'com.example.slow']);
    await server.next();
    client.send([48, 7, {}, 'com.example.slow']);

    await expectViolation(client);
    await server.close();
    await expectRouterCalls();
  });

  it('keeps registrations of aborted callee out', async () => {
    const { client: server } = await joinRawCallee(router);
    await registerRaw(server, 1, 'com.example.broken');

    server.send([70, 'x', {}]);
    await expectViolation(server);
    const caller = await connectClient(router);
    const error = await caller.session.call('com.example.broken').then(
      () => undefined,
      (reason: { error?: string }) => reason.error,
    );
    await caller.close();

    expect(error).toBe('wamp.error.no_such_procedure');
  });
});
