import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import type { CallFailedError } from '@autobahnpush/core';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import autobahn from 'autobahn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AutobahnPushModule, AutobahnPushService, InjectAutobahnPush } from '../src/index.js';
import { type Callee, connectCallee, registerHeld } from './helpers/callee.js';
import { RecordingLogger } from './helpers/recording-logger.js';
import { type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

const KEY = 'orders-service';
const SECRET = 'orders-secret';

type Procedures = {
  'com.shop.add': { args: [number, number]; result: { args: [number] } };
  'com.shop.quote': { kwargs: { sku: string }; result: { args: [string]; kwargs: { price: number } } };
};

let router: DevRouter;
let callee: Callee;
let moduleRef: TestingModule | undefined;
/** Arguments of every invocation of `com.shop.echo`, in order. */
const echoed: Array<{ args: unknown; kwargs: unknown }> = [];

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  callee = await connectCallee(router.wsUrl, router.realm);
  const { session } = callee;
  await session.register('com.shop.add', (args?: number[]) => args![0]! + args![1]!);
  await session.register('com.shop.quote', (_args?: unknown[], kwargs?: Record<string, unknown>) => {
    return new autobahn.Result([`quote for ${String(kwargs?.sku)}`], { price: 12.5 });
  });
  await session.register('com.shop.echo', (args?: unknown[], kwargs?: Record<string, unknown>) => {
    echoed.push({ args, kwargs });

    return new autobahn.Result(args, kwargs);
  });
  await session.register('com.shop.fail', () => {
    throw new autobahn.Error('com.shop.error.out_of_stock', ['no stock for sku-42'], { sku: 'sku-42', left: 0 });
  });
});

afterEach(async () => {
  await moduleRef?.close();
  moduleRef = undefined;
  echoed.length = 0;
});

afterAll(async () => {
  await callee.close();
  await router.close();
});

async function createModule(
  options: { drainTimeout?: number; url?: string; callUrl?: string | true } = {},
): Promise<{ service: AutobahnPushService; logger: RecordingLogger }> {
  moduleRef = await Test.createTestingModule({
    imports: [
      AutobahnPushModule.forRoot({
        url: options.url ?? router.publishUrl,
        key: KEY,
        secret: SECRET,
        callUrl: options.callUrl ?? true,
        ...(options.drainTimeout === undefined ? {} : { drainTimeout: options.drainTimeout }),
      }),
    ],
  }).compile();
  const logger = new RecordingLogger();
  moduleRef.useLogger(logger);
  await moduleRef.init();

  return { service: moduleRef.get(AutobahnPushService), logger };
}

/** Types the service with the procedures that the callee registers. */
function typed(service: AutobahnPushService): AutobahnPushService<Record<string, unknown>, Procedures> {
  return service as AutobahnPushService<Record<string, unknown>, Procedures>;
}

/** Awaits a request that must fail and returns its error. */
async function rejectionOf(request: Promise<unknown>): Promise<CallFailedError> {
  const outcome = await Promise.allSettled([request]);
  if (outcome[0].status === 'fulfilled') {
    throw new Error('expected the call to fail, but it succeeded');
  }

  return outcome[0].reason as CallFailedError;
}

describe('AutobahnPushService.call', () => {
  it('returns args', async () => {
    const service = typed((await createModule()).service);

    const result = await service.call('com.shop.add', { args: [2, 3] });
    const sum: number = result.args[0];

    expect(result).toEqual({ args: [5], kwargs: {} });
    expect(sum).toBe(5);
  });

  it('returns args and kwargs', async () => {
    const service = typed((await createModule()).service);

    const result = await service.call('com.shop.quote', { kwargs: { sku: 'sku-42' } });

    expect(result).toEqual({ args: ['quote for sku-42'], kwargs: { price: 12.5 } });
  });

  it('checks procedure types', async () => {
    const service = typed((await createModule()).service);

    // @ts-expect-error: com.shop.add takes two numbers, so a string is a compile error.
    const wrongArgs = service.call('com.shop.add', { args: ['2', 3] });
    // @ts-expect-error: the procedure map has no com.shop.unknown.
    const unknownProcedure = rejectionOf(service.call('com.shop.unknown'));

    // The callee's `+` joins a string and a number, which the types exist to prevent.
    expect(await wrongArgs).toEqual({ args: ['23'], kwargs: {} });
    expect((await unknownProcedure).code).toBe('ERR_NO_SUCH_PROCEDURE');
  });

  it('passes args and kwargs to the callee', async () => {
    const { service } = await createModule();

    const result = await service.call('com.shop.echo', { args: ['Grüße', { n: 1 }], kwargs: { flag: true } });

    expect(echoed).toEqual([{ args: ['Grüße', { n: 1 }], kwargs: { flag: true } }]);
    expect(result).toEqual({ args: ['Grüße', { n: 1 }], kwargs: { flag: true } });
  });

  it('uses an explicit callUrl', async () => {
    const { service } = await createModule({ callUrl: router.callUrl });

    const result = await service.call('com.shop.add', { args: [20, 22] });

    expect(result).toEqual({ args: [42], kwargs: {} });
  });

  it('rejects a callee error with ERR_CALL_FAILED', async () => {
    const { service } = await createModule();

    const error = await rejectionOf(service.call('com.shop.fail'));

    expect(error.name).toBe('CallFailedError');
    expect(error.code).toBe('ERR_CALL_FAILED');
    expect(error.uri).toBe('com.shop.error.out_of_stock');
    expect(error.args).toEqual(['no stock for sku-42']);
    expect(error.kwargs).toEqual({ sku: 'sku-42', left: 0 });
    expect(error.procedure).toBe('com.shop.fail');
    expect(service.pending).toBe(0);
  });

  it('rejects an unknown procedure', async () => {
    const { service } = await createModule();

    const error = await rejectionOf(service.call('com.shop.nobody'));

    expect(error.name).toBe('NoSuchProcedureError');
    expect(error.code).toBe('ERR_NO_SUCH_PROCEDURE');
    expect(error.uri).toBe('wamp.error.no_such_procedure');
    expect(error.args).toEqual(["no callee has registered procedure 'com.shop.nobody'"]);
    expect(error.kwargs).toEqual({});
  });

  it('rejects a call without callUrl', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY, secret: SECRET })],
    }).compile();
    const service = moduleRef.get(AutobahnPushService);

    await expect(service.call('com.shop.add', { args: [1, 2] })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'Cannot call procedure "com.shop.add": no Caller URL is configured. Pass the callUrl ' +
        'option, or callUrl: true to use the "call" sibling of the publisher URL.',
    });
    expect(service.pending).toBe(0);
  });

  it('aborts with the caller signal', async () => {
    const { service } = await createModule();
    const extra = await connectCallee(router.wsUrl, router.realm);
    try {
      const heldProcedure = await registerHeld(extra, 'com.shop.abortable');
      const controller = new AbortController();

      const call = rejectionOf(service.call('com.shop.abortable', {}, { signal: controller.signal }));
      await heldProcedure.invoked;
      controller.abort();
      const error = await call;

      expect(error.code).toBe('ERR_ABORTED');
      expect(heldProcedure.invocations()).toBe(1);
      expect(service.pending).toBe(0);
    } finally {
      await extra.close();
    }
  });
  it('rejects a signal that is not an AbortSignal', async () => {
    const { service } = await createModule();

    const error = await rejectionOf(service.call('com.shop.add', { args: [1, 2] }, { signal: 'stop' as never }));

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe('Invalid signal "stop": pass an AbortSignal.');
    expect(service.pending).toBe(0);
  });
});

describe('named client calls', () => {
  @Injectable()
  class Billing {
    constructor(@InjectAutobahnPush('billing') readonly push: AutobahnPushService) {}
  }

  it('calls through a named client', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AutobahnPushModule.forRoot({ url: 'http://127.0.0.1:9/publish', isGlobal: true }),
        AutobahnPushModule.forRoot({
          name: 'billing',
          url: router.publishUrl,
          key: KEY,
          secret: SECRET,
          callUrl: router.callUrl,
          isGlobal: true,
        }),
      ],
      providers: [Billing],
    }).compile();

    const result = await moduleRef.get(Billing).push.call('com.shop.add', { args: [40, 2] });

    expect(result).toEqual({ args: [42], kwargs: {} });
  });

  it('takes callUrl from forRootAsync', async () => {
    @Injectable()
    class Reader {
      constructor(@Inject(AutobahnPushService) readonly push: AutobahnPushService) {}
    }
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ PUSH_URL: router.publishUrl, CALL_URL: router.callUrl })],
        }),
        AutobahnPushModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            url: config.getOrThrow<string>('PUSH_URL'),
            callUrl: config.getOrThrow<string>('CALL_URL'),
            key: KEY,
            secret: SECRET,
          }),
        }),
      ],
      providers: [Reader],
    }).compile();

    const result = await moduleRef.get(Reader).push.call('com.shop.add', { args: [1, 1] });

    expect(result).toEqual({ args: [2], kwargs: {} });
  });
});

describe('call drain on shutdown', () => {
  let extra: Callee;
  let endpoint: StubEndpoint | undefined;

  beforeAll(async () => {
    extra = await connectCallee(router.wsUrl, router.realm);
  });

  afterEach(async () => {
    endpoint?.release();
    await endpoint?.close();
    endpoint = undefined;
  });

  afterAll(async () => {
    await extra.close();
  });

  it('waits for a call in flight', async () => {
    const { service, logger } = await createModule();
    const heldProcedure = await registerHeld(extra, 'com.shop.slow_drained');
    const events: string[] = [];

    const call = service.call('com.shop.slow_drained').then((result) => {
      events.push('call settled');

      return result;
    });
    await heldProcedure.invoked;
    const pendingBeforeClose = service.pending;
    const closing = moduleRef!.close().then(() => events.push('closed'));
    heldProcedure.release('done');
    await closing;
    moduleRef = undefined;

    expect(pendingBeforeClose).toBe(1);
    expect(await call).toEqual({ args: ['done'], kwargs: {} });
    expect(events).toEqual(['call settled', 'closed']);
    expect(logger.messages('log')).toEqual([
      `Client "default" (${router.publishUrl}): waiting up to 5000 ms for 1 call(s) in flight before closing.`,
    ]);
    expect(logger.messages('warn')).toEqual([]);
  });

  it('aborts and logs a call pending at the deadline', async () => {
    const { service, logger } = await createModule({ drainTimeout: 50 });
    const heldProcedure = await registerHeld(extra, 'com.shop.slow_aborted');

    const call = rejectionOf(service.call('com.shop.slow_aborted'));
    await heldProcedure.invoked;
    await moduleRef!.close();
    moduleRef = undefined;
    const error = await call;

    expect(error.code).toBe('ERR_ABORTED');
    expect(heldProcedure.invocations()).toBe(1);
    expect(service.pending).toBe(0);
    expect(logger.messages('warn')).toEqual([
      `Client "default" (${router.publishUrl}): 1 call(s) still pending after drainTimeout (50 ms); ` +
        'aborting them and closing the client.',
    ]);
    heldProcedure.release('late');
  });

  it('counts pushes and calls apart', async () => {
    endpoint = await startStubEndpoint();
    endpoint.hold();
    const { service, logger } = await createModule({ drainTimeout: 50, url: endpoint.url, callUrl: router.callUrl });
    const heldProcedure = await registerHeld(extra, 'com.shop.slow_mixed');

    const push = rejectionOf(service.push('com.shop.order_created', { id: 1 }));
    const call = rejectionOf(service.call('com.shop.slow_mixed'));
    await endpoint.received(1);
    await heldProcedure.invoked;
    await moduleRef!.close();
    moduleRef = undefined;

    expect((await push).code).toBe('ERR_ABORTED');
    expect((await call).code).toBe('ERR_ABORTED');
    expect(logger.messages('warn')).toEqual([
      `Client "default" (${endpoint.url}): 1 push(es) and 1 call(s) still pending after ` +
        'drainTimeout (50 ms); aborting them and closing the client.',
    ]);
    heldProcedure.release('late');
  });

  it('rejects calls after shutdown', async () => {
    const { service } = await createModule();
    await moduleRef!.close();
    moduleRef = undefined;

    await expect(service.call('com.shop.add', { args: [1, 2] })).rejects.toMatchObject({ code: 'ERR_CLOSED' });
  });
});
