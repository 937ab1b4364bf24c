import { type DynamicModule, Module } from '@nestjs/common';
import { InvalidArgumentError } from '@autobahnpush/core';
import type {
  AutobahnPushModuleAsyncOptions,
  AutobahnPushModuleExtras,
  AutobahnPushModuleOptions,
} from './autobahn-push-options.interface.js';
import { ConfigurableAutobahnPushModule } from './autobahn-push.module-definition.js';

/**
 * Registers a push client for the application. Each `forRoot`/`forRootAsync` call
 * registers one client; give each a `name` to register several. The options are
 * validated, and the client created, when the application bootstraps.
 *
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     AutobahnPushModule.forRootAsync({
 *       isGlobal: true,
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({
 *         url: config.getOrThrow('PUSH_URL'),
 *         key: config.get('PUSH_KEY'),
 *         secret: config.get('PUSH_SECRET'),
 *       }),
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
export class AutobahnPushModule extends ConfigurableAutobahnPushModule {
  /**
   * Registers a client with options known up front.
   *
   * @example
   * ```ts
   * AutobahnPushModule.forRoot({ url: 'http://127.0.0.1:8080/publish', isGlobal: true })
   * ```
   */
  static override forRoot(
    options: AutobahnPushModuleOptions & AutobahnPushModuleExtras,
  ): DynamicModule {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(
        'AutobahnPushModule.forRoot: missing options. Pass an object such as ' +
          '{ url: "https://router.example.com/publish" }.',
      );
    }

    // `super` keeps `this` bound to AutobahnPushModule, which becomes the dynamic module's class.
    // biome-ignore lint/complexity/noThisInStatic: calling the base class by name would register it instead.
    return super.forRoot(options);
  }

  /**
   * Registers a client whose options come from other providers, such as `ConfigService`.
   * Give exactly one of `useFactory`, `useClass` and `useExisting`.
   *
   * @example
   * ```ts
   * AutobahnPushModule.forRootAsync({ name: 'analytics', useClass: AnalyticsPushConfig })
   * ```
   */
  static override forRootAsync(options: AutobahnPushModuleAsyncOptions): DynamicModule {
    const sources =
      typeof options === 'object' && options !== null
        ? (['useFactory', 'useClass', 'useExisting'] as const).filter(
            (key) => options[key] !== undefined,
          )
        : [];
    if (sources.length !== 1) {
      throw new InvalidArgumentError(
        'AutobahnPushModule.forRootAsync: pass exactly one of useFactory, useClass and ' +
          `useExisting${sources.length > 1 ? `, not ${sources.join(' and ')}` : ''}.`,
      );
    }

    // biome-ignore lint/complexity/noThisInStatic: see forRoot.
    return super.forRootAsync(options);
  }
}
