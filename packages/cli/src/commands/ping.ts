import { parseCommandLine } from '../args.js';
import type { Command } from '../command.js';
import { type Connection, connectionFlags, resolveConnection } from '../config.js';
import type { ExitCode } from '../errors.js';
import { CONNECTION_HELP, EXIT_CODES_HELP } from '../help-text.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `ping` command. */
export interface PingCommandOptions {
  connection: Connection;
  json: boolean;
}

const flags = {
  ...connectionFlags,
  json: { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush ping [--url URL] [options]

Check that the push endpoint responds: send one OPTIONS request, which Crossbar.io's
HTTP bridge responds to with 200, and print the HTTP status and the URL. For health checks
in scripts and monitoring.

${CONNECTION_HELP}

Ping:
  --json                  print one JSON object {ok, url, status} instead

${EXIT_CODES_HELP} Any status other than 2xx exits with 1.

Examples:
  autobahnpush ping --url http://127.0.0.1:8080/publish
  AUTOBAHNPUSH_URL=http://127.0.0.1:8080/publish autobahnpush ping --json
`;

async function parse(argv: readonly string[], io: Io): Promise<PingCommandOptions> {
  const { values } = parseCommandLine('ping', argv, flags, 0);

  return { connection: await resolveConnection(values, io.env, io.cwd), json: values.json === true };
}

/**
 * Runs `autobahnpush ping`: one OPTIONS request to the push endpoint.
 *
 * @throws {CliError} when the endpoint cannot be reached or responds with a status other than 2xx.
 */
export async function ping(options: PingCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.connection.warnings) {
    output.warn(warning);
  }
  // Loaded only now, so that --help and usage errors do not wait for the HTTP client to load.
  const { pingOnce } = await import('../ping-once.js');

  return pingOnce(options, io);
}

/** The `ping` command. */
export const pingCommand: Command<PingCommandOptions> = { help, parse, run: ping };
