import { type CallResult, isAutobahnPushError } from '@autobahnpush/core';
import { clientUrl, createClient, toClientOptions } from './client-options.js';
import type { CallCommandOptions } from './commands/call.js';
import { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { Output } from './output.js';
import { describeFailure, toCliError } from './push-failure.js';

/**
 * Calls one procedure and prints `{ args, kwargs }`, or with `json` the object
 * `{ ok, procedure, args, kwargs }`, or `{ ok: false, procedure, error }` on failure.
 *
 * @throws {CliError} when the call fails; the message goes to stderr.
 */
export async function callOnce(options: CallCommandOptions, io: Io): Promise<ExitCode> {
  const { connection, procedure } = options;
  const output = new Output(io);
  const client = createClient(clientUrl(connection), {
    ...toClientOptions(connection, 1, (line) => output.info(line, 'dim')),
    callUrl: options.callUrl ?? true,
  });
  const input: { args?: unknown[]; kwargs?: Record<string, unknown> } = {};
  if (options.args !== undefined) {
    input.args = options.args;
  }
  if (options.kwargs !== undefined) {
    input.kwargs = options.kwargs;
  }

  let result: CallResult;
  try {
    result = await client.call(procedure, input);
  } catch (error) {
    if (options.json && isAutobahnPushError(error)) {
      output.json({ ok: false, procedure, error: describeFailure(error) });
    }
    throw toCliError(error);
  } finally {
    await client.close();
  }

  output.json(options.json ? { ok: true, procedure, args: result.args, kwargs: result.kwargs } : { args: result.args, kwargs: result.kwargs });

  return ExitCode.Success;
}
