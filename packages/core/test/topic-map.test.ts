import { describe, expectTypeOf, it } from 'vitest';
import { Client, type PushReceipt } from '../src/index.js';

interface Order {
  id: number;
  total: number;
}

type ShopTopics = {
  'com.shop.order_created': Order;
  'com.shop.stock_changed': { sku: string; count: number };
};

describe('topic map', () => {
  it('types each topic event', () => {
    const client = new Client<ShopTopics>('http://127.0.0.1:1/publish');

    expectTypeOf(client.push<'com.shop.order_created'>)
      .parameter(1)
      .toEqualTypeOf<Order>();
    expectTypeOf(client.push('com.shop.order_created', { id: 1, total: 2 }).catch(() => ({})))
      .resolves.toMatchTypeOf<PushReceipt>();

    // These lines are checked by `tsc` (the typecheck task), not at run time.
    const typeOnly = () => {
      // @ts-expect-error: the event of com.shop.order_created needs a total.
      void client.push('com.shop.order_created', { id: 1 });
      // @ts-expect-error: com.shop.unknown is not in the topic map.
      void client.push('com.shop.unknown', { id: 1 });
    };
    void typeOnly;
  });

  it('accepts any topic and event without a map', () => {
    const client = new Client('http://127.0.0.1:1/publish');

    expectTypeOf(client.push<'any.topic'>).parameter(1).toEqualTypeOf<unknown>();
  });
});
