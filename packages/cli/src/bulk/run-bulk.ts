import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { reasonOf } from '../args.js';
import { clientUrl, createClient, toClientOptions } from '../client-options.js';
import type { Connection } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import { type Io, isTerminal } from '../io.js';
import { Output } from '../output.js';
import { FailedFile } from './failed-file.js';
import { LineDispatcher, type PushAudience } from './dispatcher.js';
import type { LineFailure } from './failure-log.js';
import { readLines } from './line-reader.js';
import { ProgressBar } from './progress.js';
import { type BulkSummary, formatFailure, formatSummary } from './summary.js';

/** Options of a bulk run (`push --ndjson`). */
export interface BulkOptions {
  /** Path of the NDJSON input, or `-` for stdin. */
  input: string;
  /** Topic of every line, or `undefined` when each line is a full publication object. */
  topic: string | undefined;
  connection: Connection;
  exclude: (number | string)[] | undefined;
  eligible: (number | string)[] | undefined;
  /** Pushes in flight at once. */
  concurrency: number;
  /** Path of the failed file; `undefined` means `<input>.failed.ndjson`. */
  failed: string | undefined;
  /** Hides the progress bar. */
  quiet: boolean;
  /** Prints the summary as one JSON object. */
  json: boolean;
}

/**
 * Pushes every line of an NDJSON input with one client and at most `concurrency` pushes in
 * flight. A line that is malformed or rejected is reported on stderr with its number and
 * error code, and copied unchanged to the failed file. A failed line never stops the run.
 *
 * @returns exit code 0 when every line was sent, 1 when any line failed or an interrupt
 *   stopped the run.
 * @throws {UsageError} when the input cannot be opened or the failed file cannot be written.
 */
export async function runBulk(options: BulkOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  const fromStdin = options.input === '-';
  const inputPath = fromStdin ? undefined : resolve(io.cwd, options.input);
  const failedPath = resolve(io.cwd, options.failed ?? `${options.input}.failed.ndjson`);
  if (failedPath === inputPath) {
    throw new UsageError(`The --failed file ${JSON.stringify(options.failed)} is the input file: pass another path.`);
  }
  const failedFile = new FailedFile(failedPath);
  await failedFile.assertWritable();

  let progress: ProgressBar | undefined;
  const logClientLine = (line: string) => {
    progress?.clear();
    output.info(line, 'dim');
  };
  const client = createClient(clientUrl(options.connection), toClientOptions(options.connection, options.concurrency, logClientLine));
  const { stream, size } = fromStdin ? { stream: io.stdin, size: undefined } : await openInput(options.input, inputPath as string);

  const failures: Omit<LineFailure, 'raw'>[] = [];
  const dispatcher = new LineDispatcher({
    client,
    topic: options.topic,
    audience: audienceOf(options),
    concurrency: options.concurrency,
    onFailure: (failure) => {
      failedFile.write(failure.raw);
      // NOTE: every failure stays in memory for the --json summary, so a run in which
      // millions of lines fail needs memory in proportion.
      failures.push({ line: failure.line, code: failure.code, message: failure.message });
      progress?.clear();
      output.info(formatFailure(failure));
    },
  });
  const counters = dispatcher.counters;
  if (isTerminal(io.stderr) && !options.quiet) {
    progress = new ProgressBar(io.stderr, size, () => counters);
  }

  const interrupt = () => {
    dispatcher.interrupt();
    stream.destroy();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const startedAt = performance.now();
  progress?.start();
  try {
    await dispatcher.dispatch(readLinesUntilDestroyed(stream));
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    progress?.stop();
    await client.close();
    await failedFile.close();
  }

  const durationMs = Math.round(performance.now() - startedAt);
  const processed = counters.sent + counters.failed;
  const summary: BulkSummary = {
    ok: counters.failed === 0 && !dispatcher.interrupted,
    sent: counters.sent,
    failed: counters.failed,
    skipped: counters.skipped,
    durationMs,
    rate: durationMs > 0 ? Math.round((processed * 1000) / durationMs) : processed,
    failedFile: failedFile.lines > 0 ? failedFile.path : null,
    interrupted: dispatcher.interrupted,
    lastLine: counters.lastLine,
    failures,
  };
  if (options.json) {
    output.json(summary);
  } else {
    output.line(formatSummary(summary), summary.ok ? 'green' : 'red');
  }

  return summary.ok ? ExitCode.Success : ExitCode.Failure;
}

function audienceOf(options: BulkOptions): PushAudience {
  const audience: PushAudience = {};
  if (options.exclude !== undefined) {
    audience.exclude = options.exclude;
  }
  if (options.eligible !== undefined) {
    audience.eligible = options.eligible;
  }

  return audience;
}

async function openInput(input: string, path: string): Promise<{ stream: Readable; size: number | undefined }> {
  try {
    const handle = await open(path, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    }

    return { stream: handle.createReadStream(), size: stats.isFile() ? stats.size : undefined };
  } catch (error) {
    throw new UsageError(
      `Cannot read --ndjson ${JSON.stringify(input)} (${reasonOf(error)}): check the path, or pass - to read stdin.`,
    );
  }
}

// A stream destroyed by an interrupt ends the iteration instead of throwing ERR_STREAM_PREMATURE_CLOSE.
async function* readLinesUntilDestroyed(stream: Readable) {
  try {
    yield* readLines(stream);
  } catch (error) {
    if (!stream.destroyed || (error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      throw error;
    }
  }
}
