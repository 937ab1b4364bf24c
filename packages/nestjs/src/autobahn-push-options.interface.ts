import type { ClientOptions } from '@autobahnpush/core';
import type { FactoryProvider, ModuleMetadata, Type } from '@nestjs/common';

/**
 * Options of one push client registered with `AutobahnPushModule.forRoot`: the push
 * endpoint URL, every option of the core `Client`, and the shutdown drain timeout.
 *
 * @example
 * ```ts
 * AutobahnPushModule.forRoot({
 *   url: 'https://router.example.com/publish',
 *   key: 'orders-service',
 *   secret: process.env.PUSH_SECRET,
 * });
 * ```
 */
export interface AutobahnPushModuleOptions extends ClientOptions {
  /**
   * Absolute http or https URL of the push endpoint: Crossbar's HTTP bridge publisher or
   * the appliance's push URL. A list of URLs makes the client fail over between them, as
   * the core `Client` constructor does.
   *
   * @example 'https://router.example.com/publish'
   */
  url: string | URL | readonly (string | URL)[];
  /**
   * Milliseconds that application shutdown waits for in-flight pushes before it aborts
   * the ones still pending (and logs how many) and closes the client. `0` aborts them at once.
   *
   * @default 5000
   * @example 10_000
   */
  drainTimeout?: number;
}

/**
 * Registration settings that are not client options: whether the module is global and
 * the name of the client it registers.
 */
export interface AutobahnPushModuleExtras {
  /**
   * Registers the module as global, so every module can inject its client without
   * importing it.
   *
   * @default false
   * @example true
   */
  isGlobal?: boolean;
  /**
   * Name of the client, for an application that registers several. Inject a named client
   * with `@InjectAutobahnPush(name)` and push through it with `@Push(topic, { client: name })`.
   *
   * @default 'default'
   * @example 'analytics'
   */
  name?: string;
}

/**
 * A provider class that creates the module options, for `forRootAsync({ useClass })` and
 * `forRootAsync({ useExisting })`.
 *
 * @example
 * ```ts
 * @Injectable()
 * class PushConfig implements AutobahnPushOptionsFactory {
 *   constructor(private readonly config: ConfigService) {}
 *   createAutobahnPushOptions() {
 *     return { url: this.config.getOrThrow('PUSH_URL') };
 *   }
 * }
 * ```
 */
export interface AutobahnPushOptionsFactory {
  /** Returns the options of the client, or a promise of them. */
  createAutobahnPushOptions(): Promise<AutobahnPushModuleOptions> | AutobahnPushModuleOptions;
}

/**
 * Options of `AutobahnPushModule.forRootAsync`: give exactly one of `useFactory`,
 * `useClass` and `useExisting`.
 *
 * @example
 * ```ts
 * AutobahnPushModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ url: config.getOrThrow('PUSH_URL') }),
 * });
 * ```
 */
export interface AutobahnPushModuleAsyncOptions
  extends Pick<ModuleMetadata, 'imports'>,
    AutobahnPushModuleExtras {
  /** Function that returns the options; its parameters are the providers listed in `inject`. */
  // biome-ignore lint/suspicious/noExplicitAny: Nest passes the injected providers untyped.
  useFactory?: (...args: any[]) => Promise<AutobahnPushModuleOptions> | AutobahnPushModuleOptions;
  /** Providers passed to `useFactory`, in order. */
  inject?: FactoryProvider['inject'];
  /** Class that the module instantiates to create the options. */
  useClass?: Type<AutobahnPushOptionsFactory>;
  /** Provider, already available to the module through `imports`, that creates the options. */
  useExisting?: Type<AutobahnPushOptionsFactory>;
}
