/**
 * Exit codes of `autobahnpush`.
 *
 * - `0`: every push succeeded.
 * - `1`: a push failed, or any line of a bulk run failed.
 * - `2`: the command line or its input is invalid; nothing was sent.
 */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  Usage: 2,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Base class of the errors a command throws to end the program. The entry point prints
 * `message` on stderr and exits with `exitCode`.
 */
export class CliError extends Error {
  /** Exit code of the process when this error ends it. */
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }

  override get name(): string {
    return 'CliError';
  }
}

/** A flag, argument or input value is missing or invalid. Exit code 2. */
export class UsageError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Usage, options);
  }

  override get name(): string {
    return 'UsageError';
  }
}

/** The command ran but did not succeed, for example a push failed. Exit code 1. */
export class FailureError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.Failure, options);
  }

  override get name(): string {
    return 'FailureError';
  }
}

/** Tells whether `value` is a {@link CliError}. */
export function isCliError(value: unknown): value is CliError {
  return value instanceof CliError;
}
