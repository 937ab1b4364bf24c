import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import autobahn from 'autobahn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AutobahnPushError, type CallFailedError, Client } from '../src/index.js';
import { type Callee, connectCallee } from './support/callee.js';

const KEY = 'call-e2e-key';
const SECRET = 'call-e2e-secret';

let router: DevRouter;
let callee: Callee;
let client: Client;
/** Arguments of every invocation of `com.myapp.record`, in order. */
const recorded: { args: unknown[]; kwargs: Record<string, unknown> }[] = [];
const extraCallees: Callee[] = [];

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  callee = await connectCallee(router.wsUrl, router.realm);
  const { session } = callee;
  await session.register('com.myapp.add2', (args?: number[]) => args![0]! + args![1]!);
  await session.register('com.myapp.kwargs_only', () => new autobahn.Result([], { k: 'v' }));
  await session.register('com.myapp.both', () => new autobahn.Result([1, 2], { x: 1 }));
  await session.register('com.myapp.nothing', () => new autobahn.Result());
  await session.register('com.myapp.record', (args?: unknown[], kwargs?: Record<string, unknown>) => {
    // autobahn-js passes [] and {} when the INVOCATION carries no arguments.
    recorded.push({ args: args!, kwargs: kwargs! });

    return new autobahn.Result(args, kwargs);
  });
  await session.register('com.myapp.fail', () => {
    throw new autobahn.Error('com.myapp.error.not_found', ['no order 42'], { id: 42 });
  });
  client = new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: true, retry: { retries: 3, unsafe: true } });
});

afterEach(async () => {
  await Promise.all(extraCallees.splice(0).map((extra) => extra.close()));
  recorded.length = 0;
});

afterAll(async () => {
  await client.close();
  await callee.close();
  await router.close();
});

/** Awaits a call that must fail and returns its error. */
async function callError(call: Promise<unknown>): Promise<AutobahnPushError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error === undefined) {
    throw new Error('expected the call to fail, but it succeeded');
  }

  return error as AutobahnPushError;
}

/**
 * Registers `procedure` on a new callee whose handler never returns.
 * `invoked` resolves when the first invocation starts, and `invocations()`
 * counts them all.
 */
async function registerStuck(procedure: string): Promise<{ extra: Callee; invocations: () => number; invoked: Promise<void> }> {
  const extra = await connectCallee(router.wsUrl, router.realm);
  extraCallees.push(extra);
  let count = 0;
  let markInvoked: () => void = () => {};
  const invoked = new Promise<void>((resolve) => {
    markInvoked = resolve;
  });
  await extra.session.register(procedure, () => {
    count += 1;
    markInvoked();

    return new Promise(() => {});
  });

  return { extra, invocations: () => count, invoked };
}

describe('calls through the dev router', () => {
  it('returns args only', async () => {
    const result = await client.call('com.myapp.add2', { args: [2, 3] });

    expect(result).toEqual({ args: [5], kwargs: {} });
  });

  it('returns kwargs only', async () => {
    const result = await client.call('com.myapp.kwargs_only');

    expect(result).toEqual({ args: [], kwargs: { k: 'v' } });
  });

  it('returns args and kwargs', async () => {
    const result = await client.call('com.myapp.both');

    expect(result).toEqual({ args: [1, 2], kwargs: { x: 1 } });
  });

  it('returns null for empty result', async () => {
    // Crossbar.io's caller returns {"args": [null]} when the callee returns nothing.
    const result = await client.call('com.myapp.nothing');

    expect(result).toEqual({ args: [null], kwargs: {} });
  });

  it('passes args and kwargs to the callee', async () => {
    const result = await client.call('com.myapp.record', { args: ['Grüße 🚀', { n: 1 }], kwargs: { flag: true } });

    expect(recorded).toEqual([{ args: ['Grüße 🚀', { n: 1 }], kwargs: { flag: true } }]);
    expect(result).toEqual({ args: ['Grüße 🚀', { n: 1 }], kwargs: { flag: true } });
  });

  it('keeps concurrent results apart', async () => {
    const sums = await Promise.all([1, 2, 3, 4, 5].map((n) => client.call('com.myapp.add2', { args: [n, 100] })));

    expect(sums.map((result) => result.args)).toEqual([[101], [102], [103], [104], [105]]);
  });

  it('accepts an explicit callUrl', async () => {
    const explicit = new Client(router.publishUrl, { key: KEY, secret: SECRET, callUrl: router.callUrl });
    try {
      const result = await explicit.call('com.myapp.add2', { args: [20, 22] });

      expect(result).toEqual({ args: [42], kwargs: {} });
    } finally {
      await explicit.close();
    }
  });
});

describe('call failures through the dev router', () => {
  it('rejects callee error with ERR_CALL_FAILED', async () => {
    const error = (await callError(client.call('com.myapp.fail'))) as CallFailedError;

    expect(error.code).toBe('ERR_CALL_FAILED');
    expect(error.name).toBe('CallFailedError');
    expect(error.uri).toBe('com.myapp.error.not_found');
    expect(error.args).toEqual(['no order 42']);
    expect(error.kwargs).toEqual({ id: 42 });
    expect(error.procedure).toBe('com.myapp.fail');
  });

  it('rejects unknown procedure with ERR_NO_SUCH_PROCEDURE', async () => {
    const error = (await callError(client.call('com.myapp.nobody'))) as CallFailedError;

    expect(error.code).toBe('ERR_NO_SUCH_PROCEDURE');
    expect(error.name).toBe('NoSuchProcedureError');
    expect(error.uri).toBe('wamp.error.no_such_procedure');
    expect(error.args).toEqual(["no callee has registered procedure 'com.myapp.nobody'"]);
    expect(error.kwargs).toEqual({});
  });

  it('rejects denied procedure as not authorized', async () => {
    const error = (await callError(client.call('denied.proc'))) as CallFailedError;

    expect(error.code).toBe('ERR_CALL_FAILED');
    expect(error.uri).toBe('wamp.error.not_authorized');
  });

  it('fails when the callee leaves mid-call', async () => {
    const stuck = await registerStuck('com.myapp.leaving');

    const failed = callError(client.call('com.myapp.leaving'));
    await stuck.invoked;
    await stuck.extra.close();
    const error = (await failed) as CallFailedError;

    expect(error.code).toBe('ERR_CALL_FAILED');
    expect(error.uri).toBe('wamp.error.canceled');
    expect(error.args).toHaveLength(1);
    expect(error.args[0]).toMatch(/^callee session \d+ left before it answered the call of 'com\.myapp\.leaving'$/u);
    expect(error.kwargs).toEqual({});
    expect(stuck.invocations()).toBe(1);
  });

  it('times out without retrying', async () => {
    const stuck = await registerStuck('com.myapp.slow');

    const error = await callError(client.call('com.myapp.slow', {}, { timeout: 200 }));

    expect(error.code).toBe('ERR_TIMEOUT');
    expect(error.procedure).toBe('com.myapp.slow');
    expect(stuck.invocations()).toBe(1);
  });

  it('aborts with the signal', async () => {
    const stuck = await registerStuck('com.myapp.abortable');
    const controller = new AbortController();

    const failed = callError(client.call('com.myapp.abortable', {}, { signal: controller.signal }));
    await stuck.invoked;
    controller.abort();
    const error = await failed;

    expect(error.code).toBe('ERR_ABORTED');
    expect(stuck.invocations()).toBe(1);
  });

  it('rejects a wrong secret with ERR_UNAUTHORIZED', async () => {
    const wrong = new Client(router.publishUrl, { key: KEY, secret: 'not-the-secret', callUrl: true });
    try {
      const error = await callError(wrong.call('com.myapp.record', { args: ['never'] }));

      expect(error.code).toBe('ERR_UNAUTHORIZED');
      expect(error.procedure).toBe('com.myapp.record');
      expect(recorded).toEqual([]);
    } finally {
      await wrong.close();
    }
  });
});

describe('call errors with a key inside the error URI', () => {
  // The key is redacted from free text only, never from the callee's error URI.
  it('keeps the callee error URI', async () => {
    const appRouter = await startDevRouter({ key: 'myapp', secret: 'myapp-secret' });
    const appCallee = await connectCallee(appRouter.wsUrl, appRouter.realm);
    const appClient = new Client(appRouter.publishUrl, { key: 'myapp', secret: 'myapp-secret', callUrl: true });
    try {
      await appCallee.session.register('com.myapp.find', () => {
        throw new autobahn.Error('com.myapp.error.not_found', ['no order 42']);
      });

      const error = (await callError(appClient.call('com.myapp.find'))) as CallFailedError;

      expect(error.uri).toBe('com.myapp.error.not_found');
      expect(error.message).toContain('failed with com.myapp.error.not_found');
    } finally {
      await appClient.close();
      await appCallee.close();
      await appRouter.close();
    }
  });
});
