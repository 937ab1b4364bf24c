import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AutobahnPushHealthIndicator,
  AutobahnPushModule,
  type AutobahnPushOptionsFactory,
  AutobahnPushService,
  getAutobahnPushToken,
  createNestPushLogger,
  InjectAutobahnPush,
} from '../src/index.js';
import { RecordingLogger } from './helpers/recording-logger.js';
import { bodyOf, type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

let endpoint: StubEndpoint;
let app: TestingModule | undefined;

beforeEach(async () => {
  endpoint = await startStubEndpoint();
});

afterEach(async () => {
  await app?.close();
  app = undefined;
  await endpoint.close();
});

@Injectable()
class PushConfig implements AutobahnPushOptionsFactory {
  constructor(@Inject(ConfigService) private readonly config: ConfigService) {}

  createAutobahnPushOptions() {
    return { url: this.config.getOrThrow<string>('PUSH_URL'), drainTimeout: 1000 };
  }
}

@Module({ imports: [ConfigModule], providers: [PushConfig], exports: [PushConfig] })
class PushConfigModule {}

function configWith(url: string) {
  return ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ PUSH_URL: url })] });
}

describe('AutobahnPushModule.forRoot', () => {
  it('provides the default service', async () => {
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
    }).compile();
    const service = app.get(AutobahnPushService);

    expect(service.name).toBe('default');
    expect(service.client.url).toBe(endpoint.url);
    expect(service.client.protocol).toBe('crossbar');
  });

  it('pushes through the configured endpoint', async () => {
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
    }).compile();

    const receipt = await app.get(AutobahnPushService).push('com.shop.order_created', { id: 7 });

    expect(receipt).toEqual({ id: 1 });
    expect(endpoint.requests).toHaveLength(1);
    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ id: 7 }] });
  });

  it('publishes args, kwargs and options', async () => {
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
    }).compile();

    await app.get(AutobahnPushService).publish('com.shop.stock', {
      args: ['sku-1'],
      kwargs: { left: 3 },
      options: { exclude: [42] },
    });

    expect(bodyOf(endpoint.requests[0])).toEqual({
      topic: 'com.shop.stock',
      args: ['sku-1'],
      kwargs: { left: 3 },
      options: { exclude: [42] },
    });
  });

  it('signs requests with key and secret', async () => {
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url, key: 'orders', secret: 's3cret' })],
    }).compile();

    await app.get(AutobahnPushService).push('com.shop.order_created', 1);
    const query = new URL(endpoint.requests[0]?.path ?? '', endpoint.url).searchParams;

    expect(app.get(AutobahnPushService).client.signed).toBe(true);
    expect(query.get('key')).toBe('orders');
    expect(query.get('signature')).toMatch(/=$/);
  });

  it('accepts a list of URLs', async () => {
    const spare = await startStubEndpoint();

    try {
      app = await Test.createTestingModule({
        imports: [AutobahnPushModule.forRoot({ url: [endpoint.url, spare.url] })],
      }).compile();
      await app.get(AutobahnPushService).push('com.shop.order_created', 1);

      expect(app.get(AutobahnPushService).client.url).toBe(endpoint.url);
      expect(endpoint.requests).toHaveLength(1);
      expect(spare.requests).toHaveLength(0);
    } finally {
      await app?.close();
      app = undefined;
      await spare.close();
    }
  });

  it('keeps the module local unless isGlobal', async () => {
    @Injectable()
    class Consumer {
      constructor(@Inject(AutobahnPushService) readonly push: AutobahnPushService) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}

    await expect(
      Test.createTestingModule({
        imports: [AutobahnPushModule.forRoot({ url: endpoint.url }), FeatureModule],
      }).compile(),
    ).rejects.toThrow(/can't resolve dependencies of the Consumer/);
  });

  it('shares the service with every module when isGlobal', async () => {
    @Injectable()
    class Consumer {
      constructor(@Inject(AutobahnPushService) readonly push: AutobahnPushService) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}

    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url, isGlobal: true }), FeatureModule],
    }).compile();

    expect(app.get(Consumer).push).toBe(app.get(AutobahnPushService));
  });

  it('injects the default client by type', async () => {
    @Injectable()
    class Consumer {
      constructor(readonly push: AutobahnPushService) {}
    }

    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
      providers: [Consumer],
    }).compile();

    expect(app.get(Consumer).push).toBe(app.get(AutobahnPushService));
  });

  it('exports the health indicator', async () => {
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url })],
    }).compile();

    expect(app.get(AutobahnPushHealthIndicator)).toBeInstanceOf(AutobahnPushHealthIndicator);
  });
});

describe('AutobahnPushModule.forRootAsync', () => {
  it('reads options from ConfigService with useFactory', async () => {
    app = await Test.createTestingModule({
      imports: [
        configWith(endpoint.url),
        AutobahnPushModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ url: config.getOrThrow<string>('PUSH_URL') }),
        }),
      ],
    }).compile();

    await app.get(AutobahnPushService).push('com.shop.order_created', 'from factory');

    expect(app.get(AutobahnPushService).client.url).toBe(endpoint.url);
    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: ['from factory'] });
  });

  it('awaits an async useFactory', async () => {
    app = await Test.createTestingModule({
      imports: [
        AutobahnPushModule.forRootAsync({
          useFactory: async () => {
            await Promise.resolve();

            return { url: endpoint.url, protocol: 'appliance' as const };
          },
        }),
      ],
    }).compile();

    expect(app.get(AutobahnPushService).client.protocol).toBe('appliance');
  });

  it('instantiates useClass with its dependencies', async () => {
    app = await Test.createTestingModule({
      imports: [
        configWith(endpoint.url),
        AutobahnPushModule.forRootAsync({ imports: [ConfigModule], useClass: PushConfig }),
      ],
    }).compile();

    expect(app.get(AutobahnPushService).client.url).toBe(endpoint.url);
  });

  it('reuses an imported provider with useExisting', async () => {
    app = await Test.createTestingModule({
      imports: [
        configWith(endpoint.url),
        AutobahnPushModule.forRootAsync({ imports: [PushConfigModule], useExisting: PushConfig }),
      ],
    }).compile();

    expect(app.get(AutobahnPushService).client.url).toBe(endpoint.url);
  });

  it('registers a global named client', async () => {
    app = await Test.createTestingModule({
      imports: [
        AutobahnPushModule.forRootAsync({
          name: 'analytics',
          isGlobal: true,
          useFactory: () => ({ url: endpoint.url }),
        }),
      ],
    }).compile();
    const service = app.get<AutobahnPushService>(getAutobahnPushToken('analytics'));

    expect(service.name).toBe('analytics');
    expect(() => app?.get(AutobahnPushService)).toThrow(/AutobahnPushService/);
  });
});

describe('createNestPushLogger', () => {
  it('writes client logs through Nest', async () => {
    endpoint.reply({ status: 500, body: '{"error":"wamp.error.runtime_error","args":[],"kwargs":{}}' });
    app = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url, logger: createNestPushLogger('Push') })],
    }).compile();
    const logger = new RecordingLogger();
    app.useLogger(logger);

    await expect(app.get(AutobahnPushService).push('com.shop.order_created', 1)).rejects.toMatchObject({
      code: 'ERR_HTTP',
    });

    expect(logger.messages('error', 'Push')).toHaveLength(1);
    expect(logger.messages('error', 'Push')[0]).toMatch(/failed with ERR_HTTP after 1 attempt/);
  });
});

describe('named clients', () => {
  it('injects each client by name', async () => {
    const analytics = await startStubEndpoint();

    @Injectable()
    class Reporter {
      constructor(
        @InjectAutobahnPush() readonly orders: AutobahnPushService,
        @InjectAutobahnPush('analytics') readonly analytics: AutobahnPushService,
      ) {}
    }

    try {
      app = await Test.createTestingModule({
        imports: [
          AutobahnPushModule.forRoot({ url: endpoint.url, isGlobal: true }),
          AutobahnPushModule.forRoot({ url: analytics.url, name: 'analytics', isGlobal: true }),
        ],
        providers: [Reporter],
      }).compile();
      const reporter = app.get(Reporter);

      await reporter.orders.push('com.shop.order_created', 'order');
      await reporter.analytics.push('com.shop.page_view', 'view');

      expect(reporter.orders.name).toBe('default');
      expect(reporter.analytics.name).toBe('analytics');
      expect(reporter.analytics.client.url).toBe(analytics.url);
      expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: ['order'] });
      expect(bodyOf(analytics.requests[0])).toEqual({ topic: 'com.shop.page_view', args: ['view'] });
      expect(endpoint.requests).toHaveLength(1);
      expect(analytics.requests).toHaveLength(1);
    } finally {
      await app?.close();
      app = undefined;
      await analytics.close();
    }
  });

  it('derives tokens from names', () => {
    expect(getAutobahnPushToken()).toBe(AutobahnPushService);
    expect(getAutobahnPushToken('default')).toBe(AutobahnPushService);
    expect(getAutobahnPushToken('analytics')).toBe('autobahnpush:client:analytics');
  });
});
