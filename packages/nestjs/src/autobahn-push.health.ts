import { isAutobahnPushError } from '@autobahnpush/core';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DEFAULT_CLIENT_NAME } from './autobahn-push.constants.js';
import type { AutobahnPushService } from './autobahn-push.service.js';
import { getAutobahnPushToken } from './get-autobahn-push-token.js';

/** Options of {@link AutobahnPushHealthIndicator.isHealthy}. */
export interface AutobahnPushHealthOptions {
  /**
   * Name of the client whose endpoint to check, as given to `forRoot({ name })`.
   *
   * @default 'default'
   * @example 'analytics'
   */
  client?: string;
  /**
   * Milliseconds to wait for the endpoint's response.
   *
   * @default 3000
   * @example 1000
   */
  timeout?: number;
}

/** Details reported for one push endpoint. */
export interface AutobahnPushHealthDetails {
  /** `'up'` when the endpoint responded to `OPTIONS` with a 2xx status. */
  status: 'up' | 'down';
  /** Name of the client that was checked. */
  client: string;
  /** Endpoint URL without query string or credentials. */
  url: string;
  /** HTTP status of the response, when one arrived. */
  statusCode?: number;
  /** Reason the endpoint is down. */
  message?: string;
}

/**
 * Result of one check, shaped like `HealthIndicatorResult` of `@nestjs/terminus`:
 * `{ [key]: details }`.
 */
export type AutobahnPushHealthResult<Key extends string = string> = Record<
  Key,
  AutobahnPushHealthDetails
>;

/**
 * Health indicator for `@nestjs/terminus` (11 and 12) that reports whether the push
 * endpoint responds to an HTTP `OPTIONS` request. Crossbar's HTTP bridge publisher responds
 * with 200 and an empty body. Nothing is signed or published.
 *
 * It returns `down` results rather than throwing, as terminus 11 and later expect, and it
 * does not import `@nestjs/terminus`, which stays an optional peer dependency.
 *
 * NOTE: the Autobahn.ws appliance may not answer `OPTIONS` with 2xx, so for the
 * `appliance` protocol a `down` result can mean only that the method is not supported.
 *
 * @example
 * ```ts
 * @Get('health')
 * @HealthCheck()
 * check() {
 *   return this.health.check([() => this.push.isHealthy('push')]);
 * }
 * ```
 */
@Injectable()
export class AutobahnPushHealthIndicator {
  readonly #moduleRef: ModuleRef;

  // An explicit token, so dependency injection does not rely on emitted design metadata.
  constructor(@Inject(ModuleRef) moduleRef: ModuleRef) {
    this.#moduleRef = moduleRef;
  }

  /**
   * Checks the endpoint of one client.
   *
   * @param key - the key under which terminus reports the result.
   * @throws {Error} when no client of that name is registered, and
   *   `InvalidArgumentError` for an invalid `timeout`. Both are configuration errors
   *   rather than an unhealthy endpoint.
   */
  async isHealthy<const Key extends string>(
    key: Key,
    options: AutobahnPushHealthOptions = {},
  ): Promise<AutobahnPushHealthResult<Key>> {
    const name = options.client ?? DEFAULT_CLIENT_NAME;
    const service = this.#serviceFor(name);
    const base = { client: name, url: service.client.url };

    let details: AutobahnPushHealthDetails;
    try {
      const statusCode = await service.ping(
        options.timeout === undefined ? {} : { timeout: options.timeout },
      );
      details =
        statusCode >= 200 && statusCode < 300
          ? { status: 'up', ...base, statusCode }
          : {
              status: 'down',
              ...base,
              statusCode,
              message: `The push endpoint responded to OPTIONS with HTTP ${statusCode}.`,
            };
    } catch (error) {
      // A bad timeout is a configuration error, not an unhealthy endpoint.
      if (isAutobahnPushError(error) && error.code === 'ERR_INVALID_ARGUMENT') {
        throw error;
      }
      details = { status: 'down', ...base, message: (error as Error).message };
    }

    return { [key]: details } as AutobahnPushHealthResult<Key>;
  }

  #serviceFor(name: string): AutobahnPushService {
    try {
      return this.#moduleRef.get<AutobahnPushService>(getAutobahnPushToken(name), { strict: false });
    } catch (error) {
      throw new Error(
        `AutobahnPushHealthIndicator: no push client named "${name}" is registered. Register it ` +
          `with AutobahnPushModule.forRoot({ name: "${name}", ... }), or fix the client option.`,
        { cause: error },
      );
    }
  }
}
