import { isAutobahnPushError, type PushReceipt } from '@autobahnpush/core';
import { clientUrl, createClient, toClientOptions } from './client-options.js';
import type { Connection } from './config.js';
import { ExitCode } from './errors.js';
import type { Io } from './io.js';
import { Output } from './output.js';
import { describeFailure, toCliError } from './push-failure.js';
import type { PreviewPayload } from './request-preview.js';

/** Inputs of {@link sendOne}. */
export interface SendOneInput {
  connection: Connection;
  topic: string;
  payload: PreviewPayload;
  /** Prints one JSON object instead of the publication ID. */
  json: boolean;
}

/**
 * Sends one push or publication and prints the publication ID (`accepted` for the
 * appliance, which returns none), or with `json` one object
 * `{ ok, topic, protocol, id }`, or `{ ok: false, topic, protocol, error }` on failure.
 *
 * @throws {CliError} when the push fails; the message goes to stderr.
 */
export async function sendOne(input: SendOneInput, io: Io): Promise<ExitCode> {
  const { connection, topic, payload } = input;
  const output = new Output(io);
  const client = createClient(clientUrl(connection), toClientOptions(connection, 1, (line) => output.info(line, 'dim')));
  let receipt: PushReceipt;
  try {
    receipt =
      'message' in payload
        ? await client.publish(topic, payload.message)
        : await client.push(topic, payload.event, audienceOf(payload));
  } catch (error) {
    if (input.json && isAutobahnPushError(error)) {
      output.json({ ok: false, topic, protocol: connection.protocol, error: describeFailure(error) });
    }
    throw toCliError(error);
  } finally {
    await client.close();
  }

  if (input.json) {
    output.json({ ok: true, topic, protocol: connection.protocol, id: receipt.id ?? null });
  } else {
    output.line(receipt.id === undefined ? 'accepted' : String(receipt.id));
  }

  return ExitCode.Success;
}

function audienceOf(payload: Extract<PreviewPayload, { event: unknown }>) {
  const audience: { exclude?: (number | string)[]; eligible?: (number | string)[] } = {};
  if (payload.exclude !== undefined) {
    audience.exclude = payload.exclude;
  }
  if (payload.eligible !== undefined) {
    audience.eligible = payload.eligible;
  }

  return audience;
}
