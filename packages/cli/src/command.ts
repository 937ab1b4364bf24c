import type { ExitCode } from './errors.js';
import type { Io } from './io.js';

/**
 * One subcommand, loaded on demand by the entry point: its help text, a parser from
 * command line to options, and the async function that runs it.
 */
export interface Command<Options> {
  /** Text printed for `--help`, ending with examples. */
  help: string;
  /** Parses and validates the arguments after the command name. @throws {UsageError} */
  parse(argv: readonly string[], io: Io): Promise<Options>;
  /** Runs the command and returns its exit code. @throws {CliError} to exit with a message. */
  run(options: Options, io: Io): Promise<ExitCode>;
}
