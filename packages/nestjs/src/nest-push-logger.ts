import type { Logger as PushLogger } from '@autobahnpush/core';
import { Logger } from '@nestjs/common';
import { LOGGER_CONTEXT } from './autobahn-push.constants.js';

/**
 * Creates a logger for the core client's `logger` option that writes through Nest's
 * `Logger`, so that the client's retries (`warn`), final failures (`error`) and successes
 * (`debug`) appear in the application log. Nest's `Logger` has no `info` method, so `info`
 * goes to `log`.
 *
 * The client logs nothing unless it is given a logger. Note that a failed `@Push` is then
 * logged twice: once by the client and once by `@Push`.
 *
 * @param context - the Nest logger context; `'AutobahnPush'` when left out.
 * @example
 * ```ts
 * AutobahnPushModule.forRoot({ url, logger: createNestPushLogger() })
 * ```
 */
export function createNestPushLogger(context: string = LOGGER_CONTEXT): PushLogger {
  const logger = new Logger(context);

  return {
    debug: (message) => logger.debug(message),
    info: (message) => logger.log(message),
    warn: (message) => logger.warn(message),
    error: (message) => logger.error(message),
  };
}
