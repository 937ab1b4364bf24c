import { Client, type ClientOptions } from '@autobahnpush/core';
import type { Connection } from './config.js';
import { toCliError } from './push-failure.js';

/**
 * Creates the core client, turning an option it rejects, such as a reserved `--header`,
 * into a usage error.
 */
export function createClient(url: string | string[], options: ClientOptions): Client {
  try {
    return new Client(url, options);
  } catch (error) {
    throw toCliError(error);
  }
}

/** Returns the URL argument of a core `Client`: one URL, or a list to fail over along. */
export function clientUrl(connection: Connection): string | string[] {
  return connection.urls.length === 1 ? (connection.urls[0] as string) : connection.urls;
}

/**
 * Converts a {@link Connection} into the options of a core `Client`.
 *
 * @param concurrency - pushes the caller keeps in flight; the client may open as many sockets.
 * @param log - receives the client's log lines with `--verbose`. Final failures are left
 *   out because the command reports them itself.
 */
export function toClientOptions(connection: Connection, concurrency: number, log: (line: string) => void): ClientOptions {
  const options: ClientOptions = {
    protocol: connection.protocol,
    headers: connection.headers,
    connections: concurrency,
    maxInFlight: concurrency,
  };
  if (connection.credentials !== undefined) {
    options.key = connection.credentials.key;
    options.secret = connection.credentials.secret;
  }
  if (connection.timeout !== undefined) {
    options.timeout = connection.timeout;
  }
  if (connection.maxBodyBytes !== undefined) {
    options.maxBodyBytes = connection.maxBodyBytes;
  }
  if (connection.retries !== undefined) {
    options.retry = connection.retries === 0 ? false : { retries: connection.retries };
  }
  if (connection.pipelining !== undefined) {
    options.pipelining = connection.pipelining;
  }
  if (connection.verbose) {
    const ignore = () => {};
    options.logger = { debug: log, info: log, warn: log, error: ignore };
  }

  return options;
}
