import { Client, type ClientOptions, InvalidArgumentError, isClient } from '@autobahnpush/core';
import { describeOption } from './options.js';

/**
 * Core client options plus the push endpoint URL, for a middleware that creates (and
 * owns) its own {@link Client}.
 *
 * @example
 * ```ts
 * autobahnPush({ url: 'https://router.example.com/publish', key: 'app', secret: process.env.PUSH_SECRET });
 * ```
 */
export interface AutobahnPushClientOptions extends ClientOptions {
  /** http or https URL of the push endpoint, for example `https://router.example.com/publish`. */
  url: string | URL;
}

/** The client a middleware pushes through, and whether the middleware must close it. */
export interface ClientSource {
  client: Client;
  owned: boolean;
}

/**
 * Accepts a core {@link Client} as it is, or creates one from
 * {@link AutobahnPushClientOptions}. Core's `isClient` also recognises a client built by
 * another loaded copy of core, such as its CommonJS build next to this ESM build.
 *
 * @throws {InvalidArgumentError} for anything else, or when core rejects an option.
 */
export function resolveClient(clientOrOptions: unknown): ClientSource {
  if (isClient(clientOrOptions)) {
    return { client: clientOrOptions, owned: false };
  }
  if (
    typeof clientOrOptions !== 'object' ||
    clientOrOptions === null ||
    Array.isArray(clientOrOptions)
  ) {
    throw new InvalidArgumentError(
      `Invalid first argument ${describeOption(clientOrOptions)} to autobahnPush: pass a Client ` +
        "from @autobahnpush/core or client options such as { url: 'https://router.example.com/publish' }.",
    );
  }
  const { url, ...options } = clientOrOptions as Record<string, unknown>;
  if (url === undefined) {
    throw new InvalidArgumentError(
      'Missing url in the client options given to autobahnPush: pass the http or https URL ' +
        "of the push endpoint, for example { url: 'https://router.example.com/publish' }.",
    );
  }

  return { client: new Client(url as string, options as ClientOptions), owned: true };
}
