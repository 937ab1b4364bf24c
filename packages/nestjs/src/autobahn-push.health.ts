import { type AutobahnPushError, isAutobahnPushError } from '@autobahnpush/core';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DEFAULT_CLIENT_NAME } from './autobahn-push.constants.js';
import type { AutobahnPushService } from './autobahn-push.service.js';
import { getAutobahnPushToken } from './get-autobahn-push-token.js';

const DEFAULT_HEALTH_TIMEOUT = 3000;

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
  /** Endpoint URL that was checked, without query string or credentials. */
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
 * The request goes through the client's own connection pool, with its `headers` and `ca`,
 * to the URL that the client's next push would use after any failover.
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
    // The URL that the ping goes to, for failures that do not name one.
    const currentUrl = service.client.url;
    const timeout = options.timeout ?? DEFAULT_HEALTH_TIMEOUT;

    let details: AutobahnPushHealthDetails;
    try {
      const { url, status } = await service.ping({ timeout });
      details = { status: 'up', client: name, url, statusCode: status };
    } catch (error) {
      details = describeFailure(error, name, currentUrl, timeout);
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

// A bad timeout is a configuration error rather than an unhealthy endpoint, so it is
// rethrown. Every other failure, including a closed client, reports the endpoint down.
function describeFailure(
  error: unknown,
  client: string,
  fallbackUrl: string,
  timeout: number,
): AutobahnPushHealthDetails {
  if (!isAutobahnPushError(error)) {
    return { status: 'down', client, url: fallbackUrl, message: String(error) };
  }
  if (error.code === 'ERR_INVALID_ARGUMENT') {
    throw error;
  }

  const url = error.url ?? fallbackUrl;
  const { status } = error as AutobahnPushError & { status?: unknown };
  if (error.code === 'ERR_HTTP' && typeof status === 'number') {
    return {
      status: 'down',
      client,
      url,
      statusCode: status,
      message: `The push endpoint responded to OPTIONS with HTTP ${status}.`,
    };
  }

  return { status: 'down', client, url, message: describeReason(error, url, timeout) };
}

// NOTE: core 0.1.0 describes a failed ping as a failed push ("POST ... the event may have
// been published"), so the indicator writes its own message for the two transport failures.
function describeReason(error: AutobahnPushError, url: string, timeout: number): string {
  if (error.code === 'ERR_TIMEOUT') {
    return `OPTIONS ${url} failed: no response within ${timeout} ms.`;
  }
  const systemCode = error.code === 'ERR_NETWORK' ? findSystemCode(error.cause) : undefined;
  if (systemCode !== undefined) {
    return `OPTIONS ${url} failed: ${systemCode}.`;
  }

  return error.message;
}

// Finds the code of the Node.js error behind a network failure, such as ECONNREFUSED.
function findSystemCode(cause: unknown): string | undefined {
  let current = cause;
  while (typeof current === 'object' && current !== null) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && !isAutobahnPushError(current)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }

  return undefined;
}
