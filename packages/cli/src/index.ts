/**
 * `@autobahnpush/cli`: the `autobahnpush` command line tool. Its module exports let a
 * program run the tool in-process with its own streams.
 *
 * @packageDocumentation
 */

export { run } from './run.js';
export type { Io, InputStream, OutputStream } from './io.js';
export { CliError, ExitCode, FailureError, isCliError, UsageError } from './errors.js';
export { VERSION } from './version.js';
