/**
 * `@autobahnpush/nestjs`: a NestJS module that configures an autobahnpush client once,
 * injects it anywhere, pushes controller results with `@Push`, drains pushes on shutdown
 * and reports endpoint health to `@nestjs/terminus`.
 *
 * @packageDocumentation
 */

export { AutobahnPushModule } from './autobahn-push.module.js';
export { AutobahnPushService } from './autobahn-push.service.js';
export type { PingOptions, PingResult } from './autobahn-push.service.js';
export type {
  AutobahnPushModuleAsyncOptions,
  AutobahnPushModuleExtras,
  AutobahnPushModuleOptions,
  AutobahnPushOptionsFactory,
} from './autobahn-push-options.interface.js';
export {
  DEFAULT_CLIENT_NAME,
  DEFAULT_DRAIN_TIMEOUT,
  DEFAULT_SESSION_HEADER,
  NAMED_CLIENT_TOKEN_PREFIX,
  PUSH_METADATA,
} from './autobahn-push.constants.js';
export { getAutobahnPushToken } from './get-autobahn-push-token.js';
export { InjectAutobahnPush } from './inject-autobahn-push.decorator.js';
export { createNestPushLogger } from './nest-push-logger.js';
export { Push } from './push.decorator.js';
export { PushInterceptor } from './push.interceptor.js';
export type { PushDecoratorOptions, PushErrorContext } from './push-options.interface.js';
export { AutobahnPushHealthIndicator } from './autobahn-push.health.js';
export type {
  AutobahnPushHealthDetails,
  AutobahnPushHealthOptions,
  AutobahnPushHealthResult,
} from './autobahn-push.health.js';
