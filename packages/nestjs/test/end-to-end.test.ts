import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { Body, Controller, Inject, Injectable, Post } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AutobahnPushHealthIndicator,
  AutobahnPushModule,
  type AutobahnPushOptionsFactory,
  AutobahnPushService,
  Push,
  type PushErrorContext,
} from '../src/index.js';
import { type HttpApp, postJson, startHttpApp } from './helpers/http-app.js';
import { type Subscriber, subscribe } from './helpers/subscriber.js';

// Real pushes through the dev router, received by real autobahn-js subscribers.
const KEY = 'orders-service';
const SECRET = 'orders-secret';
const TOPIC = 'com.shop.order_created';
const APPLIANCE_TOPIC = 'http://shop.example.com/order_created';

const onError = vi.fn<(error: unknown, context: PushErrorContext) => void>();

@Controller('orders')
class OrdersController {
  @Post()
  @Push<{ id: number; note: string }>(TOPIC, { map: (order) => ({ id: order.id }) })
  create(@Body() body: { id: number }): { id: number; note: string } {
    return { id: body.id, note: 'not pushed' };
  }

  @Post('denied')
  @Push('denied.orders', { onError })
  createDenied(@Body() body: { id: number }): { id: number } {
    return { id: body.id };
  }

  @Post('legacy')
  @Push(APPLIANCE_TOPIC, { client: 'legacy' })
  createLegacy(@Body() body: { id: number }): { id: number } {
    return { id: body.id };
  }
}

@Injectable()
class PushConfig implements AutobahnPushOptionsFactory {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}

  createAutobahnPushOptions() {
    return {
      url: this.config.getOrThrow<string>('PUSH_URL'),
      key: this.config.getOrThrow<string>('PUSH_KEY'),
      secret: this.config.getOrThrow<string>('PUSH_SECRET'),
    };
  }
}

let router: DevRouter;
let alice: Subscriber;
let bob: Subscriber;
let http: HttpApp | undefined;

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  alice = await subscribe(router.wsUrl, router.realm, [TOPIC, APPLIANCE_TOPIC]);
  bob = await subscribe(router.wsUrl, router.realm, [TOPIC, APPLIANCE_TOPIC]);
});

afterEach(async () => {
  await http?.app.close();
  http = undefined;
  alice.received.splice(0);
  bob.received.splice(0);
  onError.mockReset();
});

afterAll(async () => {
  await alice.close();
  await bob.close();
  await router.close();
});

function config() {
  return ConfigModule.forRoot({
    ignoreEnvFile: true,
    load: [() => ({ PUSH_URL: router.publishUrl, PUSH_KEY: KEY, PUSH_SECRET: SECRET })],
  });
}

function startWithFactory(): Promise<HttpApp> {
  return startHttpApp({
    imports: [
      config(),
      AutobahnPushModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (settings: ConfigService) => ({
          url: settings.getOrThrow<string>('PUSH_URL'),
          key: settings.getOrThrow<string>('PUSH_KEY'),
          secret: settings.getOrThrow<string>('PUSH_SECRET'),
        }),
      }),
      AutobahnPushModule.forRoot({ name: 'legacy', url: router.pushUrl, protocol: 'appliance', key: KEY, secret: SECRET }),
    ],
    controllers: [OrdersController],
  });
}

// Events reach a session in publication order, so once a later marker has arrived an
// excluded event can no longer arrive before it.
async function pushMarker(service: AutobahnPushService): Promise<void> {
  const counts = [alice.received.length, bob.received.length];
  await service.push(TOPIC, 'marker');
  await alice.waitFor(counts[0]! + 1);
  await bob.waitFor(counts[1]! + 1);
}

describe('@Push through the dev router', () => {
  it('delivers to every subscriber with forRoot', async () => {
    http = await startHttpApp({
      imports: [AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY, secret: SECRET })],
      controllers: [OrdersController],
    });

    const response = await postJson(`${http.baseUrl}/orders`, { id: 1 });
    await alice.waitFor(1);
    await bob.waitFor(1);

    expect(response).toEqual({ status: 201, body: { id: 1, note: 'not pushed' } });
    expect(alice.received).toEqual([{ id: 1 }]);
    expect(bob.received).toEqual([{ id: 1 }]);
  });

  it('delivers with forRootAsync useFactory', async () => {
    http = await startWithFactory();

    await postJson(`${http.baseUrl}/orders`, { id: 2 });
    await alice.waitFor(1);
    await bob.waitFor(1);

    expect(alice.received).toEqual([{ id: 2 }]);
    expect(bob.received).toEqual([{ id: 2 }]);
  });

  it('delivers with forRootAsync useClass', async () => {
    http = await startHttpApp({
      imports: [config(), AutobahnPushModule.forRootAsync({ imports: [ConfigModule], useClass: PushConfig })],
      controllers: [OrdersController],
    });

    await postJson(`${http.baseUrl}/orders`, { id: 3 });
    await alice.waitFor(1);

    expect(alice.received).toEqual([{ id: 3 }]);
  });

  it('leaves out the sender', async () => {
    http = await startWithFactory();
    const service = http.app.get(AutobahnPushService);

    await postJson(`${http.baseUrl}/orders`, { id: 4 }, { 'x-wamp-session-id': String(alice.sessionId) });
    await bob.waitFor(1);
    await pushMarker(service);

    expect(bob.received).toEqual([{ id: 4 }, 'marker']);
    expect(alice.received).toEqual(['marker']);
  });

  it('delivers through a named appliance client', async () => {
    http = await startWithFactory();

    await postJson(`${http.baseUrl}/orders/legacy`, { id: 5 }, { 'x-wamp-session-id': String(bob.sessionId) });
    await alice.waitFor(1);
    await pushMarker(http.app.get(AutobahnPushService));

    expect(alice.received).toEqual([{ id: 5 }, 'marker']);
    expect(bob.received).toEqual(['marker']);
  });

  it('keeps the response when the router rejects', async () => {
    http = await startWithFactory();
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/denied`, { id: 6 });
    await reported;

    expect(response).toEqual({ status: 201, body: { id: 6 } });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_REJECTED', uri: 'wamp.error.not_authorized' });
    expect(http.logger.messages('error')).toHaveLength(1);
  });
});

describe('lifecycle and health with the dev router', () => {
  it('delivers pushes started just before shutdown', async () => {
    http = await startWithFactory();
    const service = http.app.get(AutobahnPushService);

    const pushes = [1, 2, 3].map((id) => service.push(TOPIC, { id }));
    await http.app.close();
    http = undefined;
    await alice.waitFor(3);

    expect(await Promise.all(pushes)).toEqual([
      { id: expect.any(Number) },
      { id: expect.any(Number) },
      { id: expect.any(Number) },
    ]);
    expect(alice.received).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(service.pending).toBe(0);
  });

  it('reports the router up, then down', async () => {
    const other = await startDevRouter();
    http = await startHttpApp({ imports: [AutobahnPushModule.forRoot({ url: other.publishUrl })] });
    const indicator = http.app.get(AutobahnPushHealthIndicator);

    const up = await indicator.isHealthy('push');
    await other.close();
    const down = await indicator.isHealthy('push');

    expect(up).toEqual({ push: { status: 'up', client: 'default', url: other.publishUrl, statusCode: 200 } });
    expect(down).toEqual({
      push: {
        status: 'down',
        client: 'default',
        url: other.publishUrl,
        message: `OPTIONS ${other.publishUrl} failed: ECONNREFUSED.`,
      },
    });
  });
});
