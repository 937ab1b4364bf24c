/** Remote procedure calls between unmodified autobahn-js 22.11.1 callers and callees through the dealer. */
import autobahn from 'autobahn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { type Client, connectClient } from './helpers/autobahn-client.js';
import { connectCallee, ECHO, FAIL, registerStandardProcedures } from './helpers/callees.js';

describe('autobahn-js rpc', () => {
  let router: DevRouter;
  let callee: Client;
  let caller: Client;
  const extra: Client[] = [];

  beforeAll(async () => {
    router = await startDevRouter();
    callee = await connectCallee(router);
    await registerStandardProcedures(callee);
    caller = await connectClient(router);
  });
  afterEach(async () => {
    await Promise.all(extra.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    await caller.close();
    await callee.close();
    await router.close();
  });

  /** Awaits a call that must fail and returns the autobahn-js error it rejected with. */
  async function callError(call: Promise<unknown>): Promise<autobahn.Error> {
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof autobahn.Error)) throw new Error(`expected an autobahn.Error, got ${String(error)}`);

    return error;
  }

  it('returns single value', async () => {
    const result = await caller.session.call(ECHO, [5]);

    expect(result).toBe(5);
  });

  it('returns args and kwargs', async () => {
    const result = await caller.session.call(ECHO, [1, 2], { x: 1 });

    expect(result).toBeInstanceOf(autobahn.Result);
    expect((result as autobahn.Result).args).toEqual([1, 2]);
    expect((result as autobahn.Result).kwargs).toEqual({ x: 1 });
  });

  it('rejects with callee error', async () => {
    const error = await callError(caller.session.call(FAIL));

    expect(error.error).toBe('com.example.error');
    expect(error.args).toEqual(['boom']);
    expect(error.kwargs).toEqual({});
  });

  it('rejects unknown procedure', async () => {
    const error = await callError(caller.session.call('com.example.nobody'));

    expect(error.error).toBe('wamp.error.no_such_procedure');
  });

  it('discloses caller', async () => {
    const server = await connectCallee(router);
    extra.push(server);
    let seen: autobahn.InvocationDetails | undefined;
    await server.session.register('com.example.whoami', (_args, _kwargs, details) => {
      seen = details;

      return 'ok';
    });

    await caller.session.call('com.example.whoami', [], {}, { disclose_me: true });

    expect(seen?.caller).toBe(caller.id);
    expect(typeof seen?.caller_authid).toBe('string');
    expect(seen?.caller_authrole).toBe('anonymous');
  });

  it('unregisters procedure', async () => {
    const server = await connectCallee(router);
    extra.push(server);
    const registration = await server.session.register('com.example.short', () => 'here');

    const before = await caller.session.call('com.example.short');
    await server.session.unregister(registration);
    const error = await callError(caller.session.call('com.example.short'));

    expect(before).toBe('here');
    expect(error.error).toBe('wamp.error.no_such_procedure');
  });

  it('times out with call option', async () => {
    const server = await connectCallee(router);
    extra.push(server);
    await server.session.register('com.example.slow', () => new Promise(() => {}));

    const error = await callError(caller.session.call('com.example.slow', [], {}, { timeout: 50 }));

    expect(error.error).toBe('wamp.error.canceled');
    expect(error.args).toEqual(["the call of 'com.example.slow' timed out after 50 ms"]);
  });

  it('cancels with kill mode', async () => {
    const server = await connectCallee(router);
    extra.push(server);
    let invoked: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      invoked = resolve;
    });
    await server.session.register('com.example.stuck', () => {
      invoked();

      return new Promise(() => {});
    });

    const call = caller.session.call('com.example.stuck') as Promise<unknown> & { cancel(options?: Record<string, unknown>): void };
    await started;
    call.cancel({ mode: 'kill' });
    const error = await callError(call);

    expect(error.error).toBe('wamp.error.canceled');
    expect(caller.session.isOpen).toBe(true);
  });

  it('fails call when callee leaves', async () => {
    const server = await connectCallee(router);
    let invoked: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      invoked = resolve;
    });
    await server.session.register('com.example.leaving', () => {
      invoked();

      return new Promise(() => {});
    });

    const failed = callError(caller.session.call('com.example.leaving'));
    await started;
    await server.close();
    const error = await failed;

    expect(error.error).toBe('wamp.error.canceled');
    expect(error.args[0]).toMatch(/^callee session \d+ left before it answered the call of 'com\.example\.leaving'$/u);
  });
});
