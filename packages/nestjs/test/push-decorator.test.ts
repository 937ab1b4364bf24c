import { Body, Controller, Get, Post } from '@nestjs/common';
import { type Observable, of } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AutobahnPushModule,
  AutobahnPushService,
  Push,
  type PushDecoratorOptions,
  type PushErrorContext,
} from '../src/index.js';
import { type HttpApp, postJson, startHttpApp } from './helpers/http-app.js';
import { bodyOf, type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

interface Order {
  id: number;
  item: string;
  secretNote: string;
}

const onError = vi.fn<(error: unknown, context: PushErrorContext) => void>();

@Controller('orders')
class OrdersController {
  #next = 1;

  @Post()
  @Push('com.shop.order_created')
  create(@Body() body: { item: string }): Order {
    return { id: this.#next++, item: body.item, secretNote: 'internal' };
  }

  @Post('mapped')
  @Push<Order>('com.shop.order_created', { map: (order) => ({ id: order.id }) })
  createMapped(@Body() body: { item: string }): Order {
    return { id: 99, item: body.item, secretNote: 'internal' };
  }

  @Post('skipped')
  @Push<Order>('com.shop.order_created', { map: () => undefined })
  createSkipped(): Order {
    return { id: 5, item: 'x', secretNote: 'internal' };
  }

  @Post('async')
  @Push('com.shop.order_created')
  async createAsync(): Promise<{ id: number }> {
    await Promise.resolve();

    return { id: 11 };
  }

  @Post('everyone')
  @Push('com.shop.order_created', { excludeSender: false })
  createForEveryone(): { id: number } {
    return { id: 12 };
  }

  @Post('custom-header')
  @Push('com.shop.order_created', { headerName: 'X-Push-Session' })
  createWithCustomHeader(): { id: number } {
    return { id: 13 };
  }

  @Post('failing')
  @Push('com.shop.order_created', { onError })
  createFailing(): { id: number } {
    return { id: 14 };
  }

  @Post('bad-map')
  @Push('com.shop.order_created', {
    map: () => {
      throw new Error('map exploded');
    },
    onError,
  })
  createBadMap(): { id: number } {
    return { id: 15 };
  }

  @Post('unknown-client')
  @Push('com.shop.order_created', { client: 'missing', onError })
  createUnknownClient(): { id: number } {
    return { id: 16 };
  }

  @Post('throwing-on-error')
  @Push('com.shop.order_created', {
    onError: () => {
      throw new Error('callback exploded');
    },
  })
  createThrowingOnError(): { id: number } {
    return { id: 17 };
  }

  @Post('analytics')
  @Push('com.shop.order_counted', { client: 'analytics' })
  countOrder(): { count: number } {
    return { count: 1 };
  }

  @Post('handler-error')
  @Push('com.shop.order_created')
  createRejected(): never {
    throw new Error('handler failed');
  }

  @Post('stream')
  @Push('com.shop.order_created')
  createStream(): Observable<number> {
    return of(21, 22);
  }

  @Get('plain')
  plain(): string {
    return 'no push';
  }
}

let endpoint: StubEndpoint;
let analytics: StubEndpoint;
let http: HttpApp;

beforeEach(async () => {
  onError.mockReset();
  endpoint = await startStubEndpoint();
  analytics = await startStubEndpoint();
  http = await startHttpApp({
    imports: [
      AutobahnPushModule.forRoot({ url: endpoint.url, isGlobal: true }),
      AutobahnPushModule.forRoot({ url: analytics.url, name: 'analytics', isGlobal: true }),
    ],
    controllers: [OrdersController],
  });
});

afterEach(async () => {
  await http.app.close();
  await endpoint.close();
  await analytics.close();
});

describe('@Push', () => {
  it('pushes the return value after the handler', async () => {
    const response = await postJson(`${http.baseUrl}/orders`, { item: 'book' });
    await endpoint.received(1);

    expect(response).toEqual({ status: 201, body: { id: 1, item: 'book', secretNote: 'internal' } });
    expect(bodyOf(endpoint.requests[0])).toEqual({
      topic: 'com.shop.order_created',
      args: [{ id: 1, item: 'book', secretNote: 'internal' }],
    });
  });

  it('excludes the sender named in x-wamp-session-id', async () => {
    await postJson(`${http.baseUrl}/orders`, { item: 'book' }, { 'x-wamp-session-id': '8412345678901' });
    await endpoint.received(1);

    expect(bodyOf(endpoint.requests[0])).toEqual({
      topic: 'com.shop.order_created',
      args: [{ id: 1, item: 'book', secretNote: 'internal' }],
      options: { exclude: [8412345678901] },
    });
  });

  it('ignores an invalid session header', async () => {
    for (const value of ['0', '-3', '1.5', 'abc', '9007199254740993', '12, 13']) {
      await postJson(`${http.baseUrl}/orders`, { item: value }, { 'x-wamp-session-id': value });
    }
    await endpoint.received(6);

    for (const request of endpoint.requests) {
      expect(bodyOf(request)).not.toHaveProperty('options');
    }
    expect(http.logger.messages('debug')[0]).toBe(
      '@Push to topic "com.shop.order_created": ignoring the x-wamp-session-id header "0": it is ' +
        'not a WAMP session ID, so the sender is not excluded.',
    );
    expect(http.logger.messages('debug')).toHaveLength(6);
  });

  it('pushes to everyone when excludeSender is false', async () => {
    await postJson(`${http.baseUrl}/orders/everyone`, {}, { 'x-wamp-session-id': '77' });
    await endpoint.received(1);

    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ id: 12 }] });
  });

  it('reads a custom session header', async () => {
    await postJson(`${http.baseUrl}/orders/custom-header`, {}, {
      'x-wamp-session-id': '1',
      'x-push-session': '2',
    });
    await endpoint.received(1);

    expect(bodyOf(endpoint.requests[0])).toEqual({
      topic: 'com.shop.order_created',
      args: [{ id: 13 }],
      options: { exclude: [2] },
    });
  });

  it('pushes the value of map', async () => {
    const response = await postJson(`${http.baseUrl}/orders/mapped`, { item: 'pen' });
    await endpoint.received(1);

    expect(response.body).toEqual({ id: 99, item: 'pen', secretNote: 'internal' });
    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ id: 99 }] });
  });

  it('skips the push when map returns undefined', async () => {
    const service = http.app.get(AutobahnPushService);
    const response = await postJson(`${http.baseUrl}/orders/skipped`, {});
    const pendingAfterSkip = service.pending;
    await postJson(`${http.baseUrl}/orders/everyone`, {});
    await endpoint.received(1);

    expect(response.status).toBe(201);
    expect(pendingAfterSkip).toBe(0);
    expect(endpoint.requests.map((request) => bodyOf(request))).toEqual([
      { topic: 'com.shop.order_created', args: [{ id: 12 }] },
    ]);
  });

  it('pushes the resolved value of an async handler', async () => {
    await postJson(`${http.baseUrl}/orders/async`, {});
    await endpoint.received(1);

    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ id: 11 }] });
  });

  it('pushes through a named client', async () => {
    await postJson(`${http.baseUrl}/orders/analytics`, {});
    await analytics.received(1);

    expect(bodyOf(analytics.requests[0])).toEqual({ topic: 'com.shop.order_counted', args: [{ count: 1 }] });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('does not push when the handler throws', async () => {
    const response = await postJson(`${http.baseUrl}/orders/handler-error`, {});
    await postJson(`${http.baseUrl}/orders/everyone`, {});
    await endpoint.received(1);

    expect(response.status).toBe(500);
    expect(endpoint.requests).toHaveLength(1);
    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ id: 12 }] });
  });

  it('pushes each value of an Observable', async () => {
    const response = await postJson(`${http.baseUrl}/orders/stream`, {});
    await endpoint.received(2);

    // The two pushes run concurrently, so they may reach the endpoint in either order.
    const bodies = endpoint.requests.map((request) => bodyOf(request) as { args: number[] });
    bodies.sort((a, b) => (a.args[0] ?? 0) - (b.args[0] ?? 0));

    expect(response).toEqual({ status: 201, body: 22 });
    expect(bodies).toEqual([
      { topic: 'com.shop.order_created', args: [21] },
      { topic: 'com.shop.order_created', args: [22] },
    ]);
  });

  it('leaves undecorated handlers alone', async () => {
    const response = await fetch(`${http.baseUrl}/orders/plain`);

    expect(await response.text()).toBe('no push');
    expect(endpoint.requests).toHaveLength(0);
  });
});

describe('@Push failures', () => {
  it('keeps the response when the push fails', async () => {
    endpoint.reply({ status: 500, body: '{"error":"wamp.error.runtime_error","args":[],"kwargs":{}}' });
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/failing`, {});
    await reported;
    const [error, context] = onError.mock.calls[0] ?? [];

    expect(response).toEqual({ status: 201, body: { id: 14 } });
    expect(error).toMatchObject({ name: 'HttpError', code: 'ERR_HTTP', status: 500 });
    expect(context).toMatchObject({ topic: 'com.shop.order_created', client: 'default', result: { id: 14 } });
    expect(http.logger.messages('error')).toEqual([
      `@Push to topic "com.shop.order_created" through client "default" failed: ${(error as Error).message}`,
    ]);
  });

  it('keeps the response when the router rejects the publication', async () => {
    endpoint.reply({ status: 200, body: '{"error":"wamp.error.not_authorized","args":["denied"],"kwargs":{}}' });
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/failing`, {});
    await reported;

    expect(response).toEqual({ status: 201, body: { id: 14 } });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_REJECTED', uri: 'wamp.error.not_authorized' });
  });

  it('reports a map that throws', async () => {
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/bad-map`, {});
    await reported;

    expect(response).toEqual({ status: 201, body: { id: 15 } });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ message: 'map exploded' });
    expect(http.logger.messages('error')).toEqual([
      '@Push to topic "com.shop.order_created" through client "default" failed: map exploded',
    ]);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('reports an unregistered client', async () => {
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/unknown-client`, {});
    await reported;

    expect(response).toEqual({ status: 201, body: { id: 16 } });
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ client: 'missing' });
    expect(http.logger.messages('error')).toEqual([
      '@Push to topic "com.shop.order_created" through client "missing" failed: No push client ' +
        'named "missing" is registered. Import AutobahnPushModule.forRoot({ name: "missing", ... }) ' +
        'or forRootAsync in the application, or fix the client option of @Push.',
    ]);
  });

  it('logs an onError callback that throws', async () => {
    endpoint.reply({ status: 500, body: '{"error":"boom","args":[],"kwargs":{}}' });

    const response = await postJson(`${http.baseUrl}/orders/throwing-on-error`, {});
    await vi.waitFor(() => expect(http.logger.messages('error')).toHaveLength(2));

    expect(response).toEqual({ status: 201, body: { id: 17 } });
    expect(http.logger.messages('error')[1]).toBe(
      'The onError callback of @Push for topic "com.shop.order_created" threw: callback exploded',
    );
  });

  it('reports an invalid topic at push time', async () => {
    @Controller('bad')
    class BadTopicController {
      @Post()
      @Push('com..broken', { onError })
      create(): number {
        return 1;
      }
    }
    const bad = await startHttpApp({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
      controllers: [BadTopicController],
    });
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    try {
      const response = await postJson(`${bad.baseUrl}/bad`, {});
      await reported;

      expect(response).toEqual({ status: 201, body: 1 });
      expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    } finally {
      await bad.app.close();
    }
  });
});

describe('@Push arguments', () => {
  it('rejects a missing topic', () => {
    expect(() => Push('')).toThrow(
      '@Push: missing topic. Pass the topic URI as the first argument, for example @Push("com.shop.order_created").',
    );
  });

  it('rejects an invalid header name', () => {
    expect(() => Push('com.shop.x', { headerName: 'bad header' })).toThrow(
      '@Push: invalid option "headerName" (bad header). Pass an HTTP header name such as "x-wamp-session-id".',
    );
  });

  it('rejects an unknown option', () => {
    expect(() => Push('com.shop.x', { exludeSender: false } as unknown as PushDecoratorOptions)).toThrow(
      '@Push: unknown option "exludeSender". Supported options are map, excludeSender, headerName, client, onError.',
    );
  });

  it('rejects a non-boolean excludeSender', () => {
    expect(() => Push('com.shop.x', { excludeSender: 'no' as unknown as boolean })).toThrow(
      '@Push: option "excludeSender" must be true or false.',
    );
  });

  it('rejects a map that is not a function', () => {
    expect(() => Push('com.shop.x', { map: 'id' as unknown as () => unknown })).toThrow(
      '@Push: option "map" must be a function of the handler result.',
    );
  });
});
