import { parseCommandLine, parseJsonFlag } from '../args.js';
import type { Command } from '../command.js';
import { type Connection, connectionFlags, resolveConnection } from '../config.js';
import { type ExitCode, UsageError } from '../errors.js';
import { CONNECTION_HELP, EXIT_CODES_HELP } from '../help-text.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `call` command. */
export interface CallCommandOptions {
  procedure: string;
  args: unknown[] | undefined;
  kwargs: Record<string, unknown> | undefined;
  connection: Connection;
  /** Caller URL; `undefined` derives it from the push URL (`…/publish` → `…/call`). */
  callUrl: string | undefined;
  json: boolean;
}

const flags = {
  ...connectionFlags,
  args: { type: 'string' },
  kwargs: { type: 'string' },
  'call-url': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush call <procedure> [--args JSON] [--kwargs JSON] [options]

Call a WAMP procedure through Crossbar.io's HTTP bridge Caller and print its result as
one line of JSON {"args", "kwargs"}. Only the crossbar protocol has calls. A call is
never retried once its request was sent, so a procedure runs at most once.

${CONNECTION_HELP}

Call:
  --call-url URL          Caller URL (default: the push URL with its last path segment
                          replaced by "call", for example http://127.0.0.1:8080/call)
  --args JSON             array of positional arguments, for example '[1, 2]'
  --kwargs JSON           object of keyword arguments, for example '{"id": 42}'
  --json                  print one JSON object {ok, procedure, args, kwargs} instead

${EXIT_CODES_HELP} A callee that raises an error, or a procedure that no
callee registered, exits with 1.

Examples:
  autobahnpush call com.example.add2 --args '[1, 2]' --url http://127.0.0.1:8080/publish
  autobahnpush call com.example.status --call-url http://127.0.0.1:8080/call --json
`;

async function parse(argv: readonly string[], io: Io): Promise<CallCommandOptions> {
  const { values, positionals } = parseCommandLine('call', argv, flags, 1);
  const [procedure] = positionals;
  if (procedure === undefined) {
    throw new UsageError(
      'Missing procedure: write autobahnpush call PROCEDURE --args JSON, for example autobahnpush call com.example.add2 --args \'[1, 2]\'.',
    );
  }
  const args = values.args === undefined ? undefined : parseJsonFlag(values.args, '--args', '[1,2]');
  if (args !== undefined && !Array.isArray(args)) {
    throw new UsageError(`Invalid --args ${JSON.stringify(values.args)}: pass a JSON array, for example --args '[1,2]'.`);
  }
  const kwargs = values.kwargs === undefined ? undefined : parseJsonFlag(values.kwargs, '--kwargs', '{"id":42}');
  if (kwargs !== undefined && (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs))) {
    throw new UsageError(`Invalid --kwargs ${JSON.stringify(values.kwargs)}: pass a JSON object, for example --kwargs '{"id":42}'.`);
  }
  const callUrl = values['call-url'];
  if (callUrl !== undefined && !/^https?:\/\//.test(callUrl)) {
    throw new UsageError(
      `Invalid --call-url ${JSON.stringify(callUrl)}: pass the absolute http or https URL of the Caller, for example http://127.0.0.1:8080/call.`,
    );
  }

  const connection = await resolveConnection(values, io.env, io.cwd);
  if (connection.protocol !== 'crossbar') {
    throw new UsageError(
      'The appliance protocol has no remote procedure calls: call through a Crossbar.io HTTP bridge Caller with --protocol crossbar.',
    );
  }

  return {
    procedure,
    args,
    kwargs: kwargs as Record<string, unknown> | undefined,
    connection,
    callUrl,
    json: values.json === true,
  };
}

/**
 * Runs `autobahnpush call`: calls one procedure and prints its result.
 *
 * @throws {CliError} when the call fails; the message goes to stderr.
 */
export async function call(options: CallCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.connection.warnings) {
    output.warn(warning);
  }
  // Loaded only now, so that --help and usage errors do not wait for the HTTP client to load.
  const { callOnce } = await import('../call-once.js');

  return callOnce(options, io);
}

/** The `call` command. */
export const callCommand: Command<CallCommandOptions> = { help, parse, run: call };
