import { DEFAULT_CLIENT_NAME, NAMED_CLIENT_TOKEN_PREFIX } from './autobahn-push.constants.js';
import { AutobahnPushService } from './autobahn-push.service.js';

/**
 * Returns the injection token of the client registered under `name`: the
 * {@link AutobahnPushService} class for the default client, a string for a named one.
 * Useful with `moduleRef.get(...)` or in `inject` lists of factory providers.
 *
 * @param name - the `name` given to `forRoot`/`forRootAsync`; `'default'` when left out.
 * @example
 * ```ts
 * { provide: Reporter, useFactory: (push) => new Reporter(push), inject: [getAutobahnPushToken('analytics')] }
 * ```
 */
export function getAutobahnPushToken(name: string = DEFAULT_CLIENT_NAME): string | typeof AutobahnPushService {
  return name === DEFAULT_CLIENT_NAME ? AutobahnPushService : `${NAMED_CLIENT_TOKEN_PREFIX}${name}`;
}
