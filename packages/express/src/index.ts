/**
 * `@autobahnpush/express`: Express middleware that adds `req.push` and `req.publish`,
 * pushing events to WAMP subscribers through `@autobahnpush/core`, with sender exclusion
 * and an `after-response` mode.
 *
 * @packageDocumentation
 */

export { autobahnPush } from './middleware.js';
export type { AutobahnPushMiddleware } from './middleware.js';
export type { AutobahnPushClientOptions } from './client-source.js';
export type {
  AutobahnPushOptions,
  PushErrorHandler,
  SessionIdSource,
} from './options.js';
export type { Logger } from './logger.js';
export type {
  PushMode,
  QueuedReceipt,
  RequestCall,
  RequestPublish,
  RequestPublishOptions,
  RequestPush,
  RequestPushOptions,
  RequestPushPolicy,
  RequestPushResult,
  ResultOfMode,
} from './types.js';
export { isQueuedReceipt } from './queued-receipt.js';
