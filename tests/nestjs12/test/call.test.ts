import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { AutobahnPushModule, AutobahnPushService } from '@autobahnpush/nestjs';
import { Test } from '@nestjs/testing';
import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A remote procedure call through the built ESM package under NestJS 12, with a real
// autobahn-js callee on the dev router.
const KEY = 'orders-service';
const SECRET = 'orders-secret';

let router: DevRouter;
let connection: autobahn.Connection;

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  connection = new autobahn.Connection({
    url: router.wsUrl,
    realm: router.realm,
    max_retries: 0,
    // autobahn-js prints each error that a procedure throws, and this test throws one on purpose.
    on_user_error: () => {},
  });
  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`The WAMP connection closed before it opened: ${reason}`));

      return true;
    };
    connection.open();
  });
  await session.register('com.shop.quote', (args?: unknown[]) => {
    return new autobahn.Result([`quote for ${String(args?.[0])}`], { price: 12.5 });
  });
  await session.register('com.shop.fail', () => {
    throw new autobahn.Error('com.shop.error.out_of_stock', ['no stock'], { left: 0 });
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    connection.onclose = () => {
      resolve();

      return true;
    };
    connection.close();
  });
  await router.close();
});

describe('NestJS 12 calls', () => {
  it('calls a procedure and reports a callee error', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY, secret: SECRET, callUrl: true })],
    }).compile();
    const service = moduleRef.get(AutobahnPushService);

    try {
      const result = await service.call('com.shop.quote', { args: ['sku-42'] });
      const failure = await service.call('com.shop.fail').then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(result).toEqual({ args: ['quote for sku-42'], kwargs: { price: 12.5 } });
      expect(failure).toMatchObject({
        code: 'ERR_CALL_FAILED',
        uri: 'com.shop.error.out_of_stock',
        args: ['no stock'],
        kwargs: { left: 0 },
      });
    } finally {
      await moduleRef.close();
    }
  });
});
