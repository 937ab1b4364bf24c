import { parseCommandLine, parseIntegerFlag, parseSessionIdList } from '../args.js';
import type { Command } from '../command.js';
import { type Connection, connectionFlags, resolveConnection } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import { readEvent } from '../event-input.js';
import { CONNECTION_HELP, EXIT_CODES_HELP } from '../help-text.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `sign` command. */
export interface SignCommandOptions {
  topic: string;
  eventArgument: string | undefined;
  connection: Connection;
  exclude: (number | string)[] | undefined;
  eligible: (number | string)[] | undefined;
  seq: number | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  json: boolean;
  showSecrets: boolean;
}

const flags = {
  ...connectionFlags,
  exclude: { type: 'string' },
  eligible: { type: 'string' },
  seq: { type: 'string' },
  timestamp: { type: 'string' },
  nonce: { type: 'string' },
  json: { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush sign <topic> [event] [options]

Print the exact request that "autobahnpush push" would send (method, URL with query,
headers, body) and an equivalent curl command, without sending anything. The key and
the signature are shown as *** unless --show-secrets is given; the secret itself is
never part of a request and is never printed. The router accepts a signed request only
within its timestamp window (300 seconds by default).

${CONNECTION_HELP}

Request:
  --exclude IDS           comma-separated session IDs that must not receive the event
  --eligible IDS          comma-separated session IDs that may receive the event
  --seq N                 crossbar sequence number (default 1)
  --timestamp TIME        timestamp to sign instead of the current time, for example
                          2026-12-04T19:36:51.123Z (crossbar) or 2026-12-04T19:36:51Z
                          (appliance)
  --nonce N               crossbar nonce instead of a random one
  --show-secrets          print the key and the signature unmasked
  --json                  print one JSON object {method, url, headers, body, curl}

${EXIT_CODES_HELP}

Examples:
  AUTOBAHNPUSH_SECRET=secret autobahnpush sign com.example.hello '{"text":"hi"}' \\
    --url http://127.0.0.1:8080/publish --key foobar
  autobahnpush sign com.example.hello '"hi"' --show-secrets | tail -n 1 | sh
`;

async function parse(argv: readonly string[], io: Io): Promise<SignCommandOptions> {
  const { values, positionals } = parseCommandLine('sign', argv, flags, 2);
  const [topic, eventArgument] = positionals;
  if (topic === undefined) {
    throw new UsageError(
      'Missing topic: write autobahnpush sign TOPIC EVENT, for example autobahnpush sign com.example.hello \'{"text":"hi"}\'.',
    );
  }
  const connection = await resolveConnection(values, io.env, io.cwd);
  const integersOnly = connection.protocol === 'crossbar';
  if (values.nonce !== undefined && !/^\d{1,16}$/.test(values.nonce)) {
    throw new UsageError(`Invalid --nonce ${JSON.stringify(values.nonce)}: pass an integer from 0 to 2^53.`);
  }

  return {
    topic,
    eventArgument,
    connection,
    exclude: values.exclude === undefined ? undefined : parseSessionIdList(values.exclude, '--exclude', integersOnly),
    eligible: values.eligible === undefined ? undefined : parseSessionIdList(values.eligible, '--eligible', integersOnly),
    seq: values.seq === undefined ? undefined : parseIntegerFlag(values.seq, '--seq', 'a sequence number', 1, Number.MAX_SAFE_INTEGER),
    timestamp: values.timestamp,
    nonce: values.nonce,
    json: values.json === true,
    showSecrets: values['show-secrets'] === true,
  };
}

/** Runs `autobahnpush sign`: prints the request a push would send and a curl command. */
export async function sign(options: SignCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.connection.warnings) {
    output.warn(warning);
  }
  const event = await readEvent(options.eventArgument, io.stdin);
  // Loaded only now, so that --help and usage errors do not wait for the core package to load.
  const { printPreview } = await import('../print-request.js');
  printPreview(
    {
      connection: options.connection,
      topic: options.topic,
      payload: { event, exclude: options.exclude, eligible: options.eligible },
      seq: options.seq,
      timestamp: options.timestamp,
      nonce: options.nonce,
    },
    options,
    output,
  );

  return ExitCode.Success;
}

/** The `sign` command. */
export const signCommand: Command<SignCommandOptions> = { help, parse, run: sign };
