import { isAutobahnPushError } from '@autobahnpush/core';
import { clientUrl, createClient, toClientOptions } from './client-options.js';
import type { PingCommandOptions } from './commands/ping.js';
import { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { Output } from './output.js';
import { describeFailure, toCliError } from './push-failure.js';

/**
 * Sends one OPTIONS request to the push endpoint and prints `STATUS URL`, or with `json`
 * the object `{ ok, url, status }`, or `{ ok: false, error }` on failure.
 *
 * @throws {CliError} when the endpoint cannot be reached or responds with a status other than 2xx.
 */
export async function pingOnce(options: PingCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  const client = createClient(clientUrl(options.connection), toClientOptions(options.connection, 1, (line) => output.info(line, 'dim')));

  let result: { url: string; status: number };
  try {
    result = await client.ping();
  } catch (error) {
    if (options.json && isAutobahnPushError(error)) {
      output.json({ ok: false, error: describeFailure(error) });
    }
    throw toCliError(error);
  } finally {
    await client.close();
  }

  if (options.json) {
    output.json({ ok: true, url: result.url, status: result.status });
  } else {
    output.line(`${result.status} ${result.url}`);
  }

  return ExitCode.Success;
}
