import { Inject } from '@nestjs/common';
import { getAutobahnPushToken } from './get-autobahn-push-token.js';

/**
 * Injects the {@link AutobahnPushService} registered under `name`. Without a name it
 * injects the default client, the same as a constructor parameter typed
 * `AutobahnPushService`.
 *
 * @param name - the `name` given to `forRoot`/`forRootAsync`; `'default'` when left out.
 * @example
 * ```ts
 * constructor(@InjectAutobahnPush('analytics') private readonly analytics: AutobahnPushService) {}
 * ```
 */
export function InjectAutobahnPush(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getAutobahnPushToken(name));
}
