import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKED_CJS } from './support/packed-package.js';
import { type Subscriber, subscribe } from './support/subscriber.js';

const fixture = fileURLToPath(new URL('fixtures/require-app.cjs', import.meta.url));

let router: DevRouter;
let subscriber: Subscriber;

beforeAll(async () => {
  router = await startDevRouter();
  subscriber = await subscribe(router.wsUrl, router.realm, ['com.shop.order_created']);
});

afterAll(async () => {
  await subscriber.close();
  await router.close();
});

describe('CommonJS application on NestJS 12', () => {
  it('requires the CommonJS build and pushes', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [fixture, PACKED_CJS, router.publishUrl], {
      timeout: 15_000,
    });
    await subscriber.waitFor(1);

    expect(JSON.parse(stdout)).toEqual({ nestVersion: '12.6.3', receiptHasId: true, sharesNestCore: true });
    expect(subscriber.received).toEqual([{ format: 'cjs' }]);
  });
});
