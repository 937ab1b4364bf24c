import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module';
import { ORDER_CREATED } from '../src/orders/order';
import { type Subscriber, subscribe } from './subscriber';

let router: DevRouter;
let alice: Subscriber;
let bob: Subscriber;
let app: INestApplication;
let baseUrl: string;

beforeAll(async () => {
  router = await startDevRouter({ key: 'shop', secret: 'shop-secret' });
  alice = await subscribe(router.wsUrl, router.realm, [ORDER_CREATED]);
  bob = await subscribe(router.wsUrl, router.realm, [ORDER_CREATED]);
});

beforeEach(async () => {
  process.env.PUSH_URL = router.publishUrl;
  process.env.PUSH_KEY = 'shop';
  process.env.PUSH_SECRET = 'shop-secret';
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  baseUrl = await app.getUrl();
});

afterEach(async () => {
  await app.close();
  alice.received.splice(0);
  bob.received.splice(0);
  delete process.env.PUSH_URL;
  delete process.env.PUSH_KEY;
  delete process.env.PUSH_SECRET;
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await router.close();
});

function postOrder(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('POST /orders', () => {
  it('pushes order_created to subscribers', async () => {
    const response = await postOrder({ item: 'beans', quantity: 2, note: 'gift wrap' });
    await alice.waitFor(1);
    await bob.waitFor(1);

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ id: 1, item: 'beans', quantity: 2, note: 'gift wrap' });
    expect(alice.received).toEqual([{ id: 1, item: 'beans', quantity: 2 }]);
    expect(bob.received).toEqual([{ id: 1, item: 'beans', quantity: 2 }]);
  });

  it('skips the browser that placed the order', async () => {
    await postOrder({ item: 'beans', quantity: 1 }, { 'x-wamp-session-id': String(alice.sessionId) });
    await postOrder({ item: 'mug', quantity: 1 });
    await bob.waitFor(2);
    await alice.waitFor(1);

    expect(alice.received).toEqual([{ id: 2, item: 'mug', quantity: 1 }]);
    expect(bob.received).toEqual([
      { id: 1, item: 'beans', quantity: 1 },
      { id: 2, item: 'mug', quantity: 1 },
    ]);
  });

  it('pushes nothing for an invalid order', async () => {
    const rejected = await postOrder({ item: 'beans', quantity: 0 });
    await postOrder({ item: 'mug', quantity: 1 });
    await alice.waitFor(1);

    expect(rejected.status).toBe(400);
    expect(await rejected.json()).toMatchObject({ message: 'Invalid quantity: pass a positive integer.' });
    expect(alice.received).toEqual([{ id: 1, item: 'mug', quantity: 1 }]);
  });
});

describe('GET /health', () => {
  it('reports the push endpoint up', async () => {
    const response = await fetch(`${baseUrl}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { push: { status: 'up', url: router.publishUrl, statusCode: 200 } },
    });
  });
});

describe('configuration', () => {
  it('requires PUSH_URL', async () => {
    delete process.env.PUSH_URL;

    await expect(Test.createTestingModule({ imports: [AppModule] }).compile()).rejects.toThrow(
      'Configuration key "PUSH_URL" does not exist',
    );
  });
});
