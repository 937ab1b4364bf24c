import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import {
  AutobahnPushHealthIndicator,
  AutobahnPushModule,
  AutobahnPushService,
  InjectAutobahnPush,
  Push,
  type PushErrorContext,
} from '@autobahnpush/nestjs';
import { Body, Controller, Get, Inject, Injectable, Post } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type HttpApp, postJson, startHttpApp } from './support/http-app.js';
import { type Subscriber, subscribe } from './support/subscriber.js';

// @Push, sender exclusion, named clients, drain, health and option errors, against
// NestJS 12 and the built ESM package.
const TOPIC = 'com.shop.order_created';
const KEY = 'orders-service';
const SECRET = 'orders-secret';

const onError = vi.fn<(error: unknown, context: PushErrorContext) => void>();

@Controller('orders')
class OrdersController {
  @Post()
  @Push(TOPIC)
  create(@Body() body: { id: number }): { id: number } {
    return { id: body.id };
  }

  @Post('denied')
  @Push('denied.orders', { onError })
  createDenied(@Body() body: { id: number }): { id: number } {
    return { id: body.id };
  }
}

@Injectable()
class Reporter {
  constructor(
    @InjectAutobahnPush() readonly orders: AutobahnPushService,
    @InjectAutobahnPush('analytics') readonly analytics: AutobahnPushService,
  ) {}
}

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AutobahnPushHealthIndicator) private readonly push: AutobahnPushHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.push.isHealthy('push')]);
  }
}

let router: DevRouter;
let alice: Subscriber;
let bob: Subscriber;
let http: HttpApp | undefined;

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  alice = await subscribe(router.wsUrl, router.realm, [TOPIC]);
  bob = await subscribe(router.wsUrl, router.realm, [TOPIC]);
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

function startApp(): Promise<HttpApp> {
  return startHttpApp({
    imports: [
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        load: [() => ({ PUSH_URL: router.publishUrl, PUSH_KEY: KEY, PUSH_SECRET: SECRET })],
      }),
      AutobahnPushModule.forRootAsync({
        isGlobal: true,
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          url: config.getOrThrow<string>('PUSH_URL'),
          key: config.getOrThrow<string>('PUSH_KEY'),
          secret: config.getOrThrow<string>('PUSH_SECRET'),
        }),
      }),
      TerminusModule.forRoot({ logger: false }),
    ],
    controllers: [OrdersController, HealthController],
  });
}

describe('NestJS 12', () => {
  it('delivers @Push to every subscriber', async () => {
    http = await startApp();

    const response = await postJson(`${http.baseUrl}/orders`, { id: 1 });
    await alice.waitFor(1);
    await bob.waitFor(1);

    expect(response).toEqual({ status: 201, body: { id: 1 } });
    expect(alice.received).toEqual([{ id: 1 }]);
    expect(bob.received).toEqual([{ id: 1 }]);
  });

  it('leaves out the sender', async () => {
    http = await startApp();

    await postJson(`${http.baseUrl}/orders`, { id: 2 }, { 'x-wamp-session-id': String(alice.sessionId) });
    await bob.waitFor(1);
    await http.app.get(AutobahnPushService).push(TOPIC, 'marker');
    await alice.waitFor(1);
    await bob.waitFor(2);

    expect(alice.received).toEqual(['marker']);
    expect(bob.received).toEqual([{ id: 2 }, 'marker']);
  });

  it('keeps the response when the router rejects', async () => {
    http = await startApp();
    const reported = new Promise<void>((resolve) => onError.mockImplementation(() => resolve()));

    const response = await postJson(`${http.baseUrl}/orders/denied`, { id: 3 });
    await reported;

    expect(response).toEqual({ status: 201, body: { id: 3 } });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_REJECTED' });
    expect(http.logger.messages('error')).toHaveLength(1);
  });

  it('injects named clients', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY, secret: SECRET, isGlobal: true }),
        AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY, secret: SECRET, name: 'analytics', isGlobal: true }),
      ],
      providers: [Reporter],
    }).compile();

    try {
      const reporter = moduleRef.get(Reporter);
      await reporter.analytics.push(TOPIC, 'from analytics');
      await alice.waitFor(1);

      expect(reporter.orders.name).toBe('default');
      expect(reporter.analytics.name).toBe('analytics');
      expect(alice.received).toEqual(['from analytics']);
    } finally {
      await moduleRef.close();
    }
  });

  it('drains pushes on shutdown', async () => {
    http = await startApp();
    const service = http.app.get(AutobahnPushService);

    const pushes = [1, 2].map((id) => service.push(TOPIC, { id }));
    await http.app.close();
    http = undefined;
    await alice.waitFor(2);

    expect((await Promise.all(pushes)).length).toBe(2);
    expect(alice.received).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('reports health through terminus', async () => {
    http = await startApp();
    const details = { status: 'up', client: 'default', url: router.publishUrl, statusCode: 200 };

    const response = await fetch(`${http.baseUrl}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      info: { push: details },
      error: {},
      details: { push: details },
    });
  });

  it('reports an unreachable endpoint as down', async () => {
    const other = await startDevRouter();
    const url = other.publishUrl;
    await other.close();
    http = await startHttpApp({
      imports: [AutobahnPushModule.forRoot({ url }), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
    });

    const response = await fetch(`${http.baseUrl}/health`);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'error',
      error: { push: { status: 'down', message: `OPTIONS ${url} failed: ECONNREFUSED.` } },
    });
  });

  it('rejects invalid options at bootstrap', async () => {
    await expect(
      Test.createTestingModule({
        imports: [AutobahnPushModule.forRoot({ url: router.publishUrl, key: KEY })],
      }).compile(),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/^AutobahnPushModule \(client "default"\): Invalid secret: /),
    });
  });
});
