import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutobahnPushModule, AutobahnPushService } from '../src/index.js';
import { RecordingLogger } from './helpers/recording-logger.js';
import { type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

let endpoint: StubEndpoint;

beforeEach(async () => {
  endpoint = await startStubEndpoint();
});

afterEach(async () => {
  endpoint.release();
  await endpoint.close();
});

async function createApp(drainTimeout?: number) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AutobahnPushModule.forRoot(
        drainTimeout === undefined ? { url: endpoint.url } : { url: endpoint.url, drainTimeout },
      ),
    ],
  }).compile();
  const logger = new RecordingLogger();
  moduleRef.useLogger(logger);
  await moduleRef.init();

  return { app: moduleRef, logger, service: moduleRef.get(AutobahnPushService) };
}

describe('shutdown drain', () => {
  it('waits for in-flight pushes before closing', async () => {
    const { app, logger, service } = await createApp();
    const events: string[] = [];
    endpoint.hold();

    const receipt = service.push('com.shop.order_created', { id: 1 }).then((result) => {
      events.push('push settled');

      return result;
    });
    await endpoint.received(1);
    const pendingBeforeClose = service.pending;
    const closing = app.close().then(() => events.push('closed'));
    endpoint.release();
    await closing;

    expect(pendingBeforeClose).toBe(1);
    expect(await receipt).toEqual({ id: 1 });
    expect(events).toEqual(['push settled', 'closed']);
    expect(service.pending).toBe(0);
    expect(logger.messages('warn')).toEqual([]);
  });

  it('aborts and logs pushes still pending at the deadline', async () => {
    const { app, logger, service } = await createApp(50);
    endpoint.hold();

    const first = service.push('com.shop.order_created', { id: 1 });
    const second = service.publish('com.shop.order_created', { args: [{ id: 2 }] });
    const outcomes = Promise.allSettled([first, second]);
    await endpoint.received(2);
    await app.close();
    const [firstOutcome, secondOutcome] = await outcomes;

    expect(logger.messages('warn')).toEqual([
      `Client "default" (${endpoint.url}): 2 push(es) still pending after drainTimeout (50 ms); ` +
        'aborting them and closing the client.',
    ]);
    expect(firstOutcome).toMatchObject({ status: 'rejected', reason: { code: 'ERR_ABORTED' } });
    expect(secondOutcome).toMatchObject({ status: 'rejected', reason: { code: 'ERR_ABORTED' } });
    expect(service.pending).toBe(0);
  });

  it('aborts at once with drainTimeout 0', async () => {
    const { app, logger, service } = await createApp(0);
    endpoint.hold();

    const push = service.push('com.shop.order_created', { id: 1 });
    const outcome = Promise.allSettled([push]);
    await endpoint.received(1);
    await app.close();

    expect(await outcome).toMatchObject([{ status: 'rejected', reason: { code: 'ERR_ABORTED' } }]);
    expect(logger.messages('warn')).toHaveLength(1);
  });

  it('closes direct client pushes at the deadline', async () => {
    const { app, service } = await createApp(50);
    endpoint.hold();

    const direct = service.client.push('com.shop.order_created', { id: 1 });
    const outcome = Promise.allSettled([direct]);
    await endpoint.received(1);
    await app.close();

    expect(await outcome).toMatchObject([{ status: 'rejected', reason: { code: 'ERR_CLOSED' } }]);
  });

  it('rejects pushes after shutdown', async () => {
    const { app, service } = await createApp();
    await app.close();

    await expect(service.push('com.shop.order_created', 1)).rejects.toMatchObject({ code: 'ERR_CLOSED' });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('keeps many pushes in flight without warnings', async () => {
    const { app, service } = await createApp();
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(`${warning.name}: ${warning.message}`);
    };
    process.on('warning', onWarning);
    endpoint.hold();

    try {
      const pushes = Array.from({ length: 20 }, (_, index) => service.push('com.shop.order_created', index));
      await endpoint.received(20);
      const pendingWhileHeld = service.pending;
      endpoint.release();
      const receipts = await Promise.all(pushes);
      // Node.js emits process warnings on the next tick.
      await new Promise((resolve) => setImmediate(resolve));

      expect(pendingWhileHeld).toBe(20);
      expect(receipts).toHaveLength(20);
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await app.close();
    }
  });

  it('keeps the caller signal working', async () => {
    const { app, service } = await createApp();
    endpoint.hold();
    const controller = new AbortController();

    const push = service.push('com.shop.order_created', 1, { signal: controller.signal });
    await endpoint.received(1);
    controller.abort();

    await expect(push).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(service.pending).toBe(0);
    await app.close();
  });
});
