import { ExitCode, isCliError, UsageError } from './errors.js';
import { type Io, processIo } from './io.js';
import { Output } from './output.js';
import { COMMANDS } from './registry.js';
import { VERSION } from './version.js';

const OVERVIEW = `Usage: autobahnpush <command> [options]

Push events to WebSocket clients through a WAMP router's HTTP push API.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(11)} ${command.summary}`).join('\n')}

Options:
  -h, --help     show help; "autobahnpush <command> --help" shows a command's options
  -v, --version  print the version

Configuration: flags win over the environment variables AUTOBAHNPUSH_URL,
AUTOBAHNPUSH_KEY, AUTOBAHNPUSH_SECRET and AUTOBAHNPUSH_PROTOCOL.
Exit codes: 0 success, 1 a request to the router failed, 2 invalid usage or input.
NO_COLOR turns off colour.

Examples:
  autobahnpush dev
  autobahnpush push com.example.hello '{"text":"hi"}' --url http://127.0.0.1:8080/publish
  autobahnpush subscribe com.example.hello --router ws://127.0.0.1:8080/ws
`;

/**
 * Runs `autobahnpush` with `argv` (the arguments after the program name) and returns the
 * exit code. Errors are printed on `io.stderr`, never thrown, and the process is not exited.
 *
 * @example
 * ```ts
 * const code = await run(['push', 'com.example.hello', '{"text":"hi"}', '--url', url]);
 * ```
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<ExitCode> {
  const output = new Output(io);
  try {
    return await dispatch(argv, io, output);
  } catch (error) {
    if (isCliError(error)) {
      output.error(error.message);

      return error.exitCode;
    }
    output.error(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

    return ExitCode.Failure;
  }
}

async function dispatch(argv: readonly string[], io: Io, output: Output): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined) {
      return dispatch([topic, '--help'], io, output);
    }
    io.stdout.write(OVERVIEW);

    return name === undefined ? ExitCode.Usage : ExitCode.Success;
  }
  if (name === '-v' || name === '--version') {
    output.line(VERSION);

    return ExitCode.Success;
  }

  const entry = COMMANDS.find((command) => command.name === name);
  if (entry === undefined) {
    throw new UsageError(
      `Unknown command ${JSON.stringify(name)}: use one of ${COMMANDS.map((command) => command.name).join(', ')}, or see "autobahnpush --help".`,
    );
  }
  const command = await entry.load();
  if (wantsHelp(rest)) {
    io.stdout.write(command.help);

    return ExitCode.Success;
  }
  const options = await command.parse(rest, io);

  return command.run(options, io);
}

function wantsHelp(argv: readonly string[]): boolean {
  for (const argument of argv) {
    if (argument === '--') {
      return false;
    }
    if (argument === '--help' || argument === '-h') {
      return true;
    }
  }

  return false;
}
