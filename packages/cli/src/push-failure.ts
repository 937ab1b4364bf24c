import { type AutobahnPushError, isAutobahnPushError } from '@autobahnpush/core';
import { CliError, ExitCode } from './errors.js';

/**
 * Converts an error of `@autobahnpush/core` into a {@link CliError}: exit code 2 for
 * invalid input (`ERR_INVALID_ARGUMENT`, nothing was sent) and 1 for every other failure.
 * Any other error is returned unchanged.
 */
export function toCliError(error: unknown): unknown {
  if (!isAutobahnPushError(error)) {
    return error;
  }
  const exitCode = error.code === 'ERR_INVALID_ARGUMENT' ? ExitCode.Usage : ExitCode.Failure;

  return new CliError(error.message, exitCode, { cause: error });
}

/** Returns the `error` member of a `--json` result: code, message and HTTP status when there is one. */
export function describeFailure(error: AutobahnPushError): { code: string; message: string; status?: number } {
  const status = (error as { status?: unknown }).status;

  return typeof status === 'number'
    ? { code: error.code, message: error.message, status }
    : { code: error.code, message: error.message };
}
