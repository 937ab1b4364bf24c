import { parseCommandLine, parseIntegerFlag, parseSessionIdList } from '../args.js';
import type { Command } from '../command.js';
import { type Connection, connectionFlags, resolveConnection } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import { readEvent } from '../event-input.js';
import { CONNECTION_HELP, EXIT_CODES_HELP } from '../help-text.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `push` command. */
export interface PushCommandOptions {
  /** Topic of every event; optional in bulk mode, where lines may carry their own. */
  topic: string | undefined;
  /** The event argument as typed: JSON, `-` for stdin, or `undefined`. */
  eventArgument: string | undefined;
  connection: Connection;
  exclude: (number | string)[] | undefined;
  eligible: (number | string)[] | undefined;
  json: boolean;
  dryRun: boolean;
  showSecrets: boolean;
  /** Set for a bulk run (`--ndjson`). */
  bulk: BulkFlags | undefined;
}

/** The bulk flags of `push`. */
export interface BulkFlags {
  /** Path of the NDJSON input, or `-` for stdin. */
  input: string;
  concurrency: number;
  /** Path of the failed-lines file; `undefined` means `<input>.failed.ndjson`. */
  failed: string | undefined;
  quiet: boolean;
}

const flags = {
  ...connectionFlags,
  exclude: { type: 'string' },
  eligible: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
  ndjson: { type: 'string' },
  concurrency: { type: 'string' },
  failed: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

const BULK_ONLY_FLAGS = ['concurrency', 'failed', 'quiet'] as const;
const DEFAULT_CONCURRENCY = 16;
const MAX_CONCURRENCY = 4096;

const help = `Usage: autobahnpush push <topic> [event] [options]
       autobahnpush push [topic] --ndjson FILE [options]

Push one event to a topic and print its publication ID ("accepted" for the appliance).
The event is JSON, read from the argument, or from stdin when the argument is "-" or
absent and stdin is not a terminal.

${CONNECTION_HELP}

Push:
  --exclude IDS           comma-separated session IDs that must not receive the event
  --eligible IDS          comma-separated session IDs that may receive the event
  --json                  print one JSON object {ok, topic, protocol, id} instead
  --dry-run               print the request and an equivalent curl command, send nothing
  --show-secrets          with --dry-run, print the key and the signature unmasked

Bulk (one push per line of NDJSON):
  --ndjson FILE           read events from FILE, or from stdin with "-". With a <topic>,
                          each line is an event for it; without one, each line is an
                          object {"topic", "args", "kwargs", "options"}
  --concurrency N         pushes in flight at once (default 16)
  --failed FILE           file that receives every failed line unchanged
                          (default FILE.failed.ndjson; required with --ndjson -)
  --quiet                 no progress bar on stderr
  --json                  print the summary as one JSON object

${EXIT_CODES_HELP} A bulk run exits with 1 when any line failed.

Examples:
  autobahnpush push com.example.hello '{"text":"hi"}' --url http://127.0.0.1:8080/publish
  echo '{"id":42}' | autobahnpush push com.example.orders --exclude 1234567
  autobahnpush push com.example.orders --ndjson orders.ndjson --concurrency 32
  autobahnpush push --ndjson orders.ndjson.failed.ndjson
`;

async function parse(argv: readonly string[], io: Io): Promise<PushCommandOptions> {
  const { values, positionals } = parseCommandLine('push', argv, flags, 2);
  const [topic, eventArgument] = positionals;
  const connection = await resolveConnection(values, io.env, io.cwd);
  const integersOnly = connection.protocol === 'crossbar';
  const options: PushCommandOptions = {
    topic,
    eventArgument,
    connection,
    exclude: values.exclude === undefined ? undefined : parseSessionIdList(values.exclude, '--exclude', integersOnly),
    eligible: values.eligible === undefined ? undefined : parseSessionIdList(values.eligible, '--eligible', integersOnly),
    json: values.json === true,
    dryRun: values['dry-run'] === true,
    showSecrets: values['show-secrets'] === true,
    bulk: undefined,
  };

  if (options.showSecrets && !options.dryRun) {
    throw new UsageError('Option --show-secrets applies only with --dry-run: add --dry-run or remove it.');
  }
  if (values.ndjson === undefined) {
    for (const name of BULK_ONLY_FLAGS) {
      if (values[name] !== undefined) {
        throw new UsageError(`Option --${name} applies only to bulk runs: add --ndjson FILE or remove it.`);
      }
    }
    if (topic === undefined) {
      throw new UsageError(
        'Missing topic: write autobahnpush push TOPIC EVENT, for example autobahnpush push com.example.hello \'{"text":"hi"}\'.',
      );
    }

    return options;
  }

  options.bulk = parseBulkFlags(values, options);

  return options;
}

function parseBulkFlags(
  values: { ndjson?: string; concurrency?: string; failed?: string; quiet?: boolean },
  options: PushCommandOptions,
): BulkFlags {
  const input = values.ndjson as string;
  if (options.eventArgument !== undefined) {
    throw new UsageError(
      `Unexpected event ${JSON.stringify(options.eventArgument)} with --ndjson: the events come from the NDJSON input, so remove it.`,
    );
  }
  if (options.dryRun) {
    throw new UsageError('Option --dry-run does not apply to bulk runs: use it with a single event, or use autobahnpush sign.');
  }
  if (options.topic === undefined && (options.exclude !== undefined || options.eligible !== undefined)) {
    throw new UsageError(
      'Options --exclude and --eligible apply only to lines that are events for a <topic>: ' +
        'give the topic, or put exclude/eligible into each line\'s "options".',
    );
  }
  if (input === '-' && values.failed === undefined) {
    throw new UsageError('Missing --failed FILE: it is required when the input is stdin (--ndjson -).');
  }

  return {
    input,
    concurrency:
      values.concurrency === undefined
        ? DEFAULT_CONCURRENCY
        : parseIntegerFlag(values.concurrency, '--concurrency', 'the number of pushes in flight', 1, MAX_CONCURRENCY),
    failed: values.failed,
    quiet: values.quiet === true,
  };
}

/**
 * Runs `autobahnpush push`: one event, a dry run, or a bulk run from NDJSON.
 */
export async function push(options: PushCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.connection.warnings) {
    output.warn(warning);
  }

  if (options.bulk !== undefined) {
    // Loaded only for bulk runs, which need the line reader, progress bar and failed file.
    const { runBulk } = await import('../bulk/run-bulk.js');

    return runBulk(
      {
        ...options.bulk,
        topic: options.topic,
        connection: options.connection,
        exclude: options.exclude,
        eligible: options.eligible,
        json: options.json,
      },
      io,
    );
  }

  const topic = options.topic as string;
  const event = await readEvent(options.eventArgument, io.stdin);
  const payload = { event, exclude: options.exclude, eligible: options.eligible };
  // Loaded only now, so that --help and usage errors do not wait for the HTTP client to load.
  if (options.dryRun) {
    const { printPreview } = await import('../print-request.js');
    printPreview({ connection: options.connection, topic, payload }, options, output);

    return ExitCode.Success;
  }
  const { sendOne } = await import('../send-one.js');

  return sendOne({ connection: options.connection, topic, payload, json: options.json }, io);
}

/** The `push` command. */
export const pushCommand: Command<PushCommandOptions> = { help, parse, run: push };
