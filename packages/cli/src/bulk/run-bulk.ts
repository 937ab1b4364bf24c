import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Client, isAutobahnPushError } from '@autobahnpush/core';
import { reasonOf } from '../args.js';
import { clientUrl, type Connection, toClientOptions } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import { type Io, isTerminal } from '../io.js';
import { Output } from '../output.js';
import { FailedFile } from './failed-file.js';
import { FailureLog, type LineFailure } from './failure-log.js';
import { type BulkJob, LineError, parseLine } from './line-parser.js';
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
 * Finished outcomes that may wait for an earlier, slower push before they are reported,
 * per unit of concurrency. It bounds memory when one push hangs until its timeout.
 */
const BACKLOG_PER_SLOT = 256;

/**
 * Pushes every line of an NDJSON input with one client and at most `concurrency` pushes in
 * flight. A line that is malformed or rejected is reported on stderr with its number and
 * error code, and copied unchanged to the failed file. A failed line never stops the run.
 *
 * @returns exit code 0 when every line was sent, 1 when any line failed.
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
  const { stream, size } = fromStdin ? { stream: io.stdin, size: undefined } : await openInput(options.input, inputPath as string);

  const state = { done: 0, failed: 0, bytesDone: 0, sent: 0, skipped: 0, lastLine: 0 };
  const failures: Omit<LineFailure, 'raw'>[] = [];
  const progress =
    isTerminal(io.stderr) && !options.quiet ? new ProgressBar(io.stderr, size, () => state) : undefined;
  const log = new FailureLog((failure) => {
    failedFile.write(failure.raw);
    failures.push({ line: failure.line, code: failure.code, message: failure.message });
    progress?.clear();
    output.info(formatFailure(failure));
  });

  const client = new Client(clientUrl(options.connection), toClientOptions(options.connection, options.concurrency));
  const audience = audienceOf(options);
  const maxBacklog = options.concurrency * BACKLOG_PER_SLOT;
  let inFlight = 0;
  let sequence = 0;
  let wake: (() => void) | undefined;
  const settle = (index: number, line: number, raw: Buffer, error: unknown) => {
    if (error === undefined) {
      state.sent += 1;
      log.settle(index, null);
    } else {
      state.failed += 1;
      log.settle(index, { line, raw, ...describeLineError(error) });
    }
    state.done += 1;
  };
  const release = () => {
    inFlight -= 1;
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    stream.destroy();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const startedAt = performance.now();
  progress?.start();
  try {
    for await (const lines of readLinesUntilDestroyed(stream)) {
      for (const { number, raw } of lines) {
        if (interrupted) {
          break;
        }
        state.lastLine = number;
        state.bytesDone += raw.length;
        let job: BulkJob | undefined;
        let lineError: unknown;
        try {
          job = parseLine(raw, options.topic);
          if (job === undefined) {
            state.skipped += 1;
            state.done += 1;
            continue;
          }
        } catch (error) {
          lineError = error;
        }

        while (inFlight >= options.concurrency || log.backlog(sequence) >= maxBacklog) {
          await new Promise<void>((resume) => {
            wake = resume;
          });
        }
        const index = sequence;
        sequence += 1;
        if (job === undefined) {
          settle(index, number, raw, lineError);
          continue;
        }
        inFlight += 1;
        send(client, job, audience).then(
          () => {
            settle(index, number, raw, undefined);
            release();
          },
          (error: unknown) => {
            settle(index, number, raw, error ?? new Error('unknown error'));
            release();
          },
        );
      }
      if (interrupted) {
        break;
      }
    }
    while (inFlight > 0) {
      await new Promise<void>((resume) => {
        wake = resume;
      });
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    progress?.stop();
    await client.close();
    await failedFile.close();
  }

  const durationMs = Math.round(performance.now() - startedAt);
  const processed = state.sent + state.failed;
  const summary: BulkSummary = {
    ok: state.failed === 0 && !interrupted,
    sent: state.sent,
    failed: state.failed,
    skipped: state.skipped,
    durationMs,
    rate: durationMs > 0 ? Math.round((processed * 1000) / durationMs) : processed,
    failedFile: failedFile.lines > 0 ? failedFile.path : null,
    interrupted,
    lastLine: state.lastLine,
    failures,
  };
  if (options.json) {
    output.json(summary);
  } else {
    output.line(formatSummary(summary), summary.ok ? 'green' : 'red');
  }

  return summary.ok ? ExitCode.Success : ExitCode.Failure;
}

function send(client: Client, job: BulkJob, audience: PushAudience): Promise<unknown> {
  return 'message' in job ? client.publish(job.topic, job.message) : client.push(job.topic, job.event, audience);
}

type PushAudience = { exclude?: (number | string)[]; eligible?: (number | string)[] };

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

function describeLineError(error: unknown): { code: string; message: string } {
  if (error instanceof LineError || isAutobahnPushError(error)) {
    return { code: error.code, message: error.message };
  }

  return { code: 'ERR_UNEXPECTED', message: reasonOf(error) };
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
