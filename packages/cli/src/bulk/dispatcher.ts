import { type Client, isAutobahnPushError } from '@autobahnpush/core';
import { reasonOf } from '../args.js';
import { FailureLog, type LineFailure } from './failure-log.js';
import { type BulkJob, LineError, parseLine } from './line-parser.js';
import type { InputLine } from './line-reader.js';

/** Counters of a bulk run, read by the progress bar and the summary. */
export interface BulkCounters {
  /** Lines settled: sent, failed or skipped. */
  done: number;
  sent: number;
  failed: number;
  /** Blank lines, which are not sent. */
  skipped: number;
  /** Bytes of the lines dispatched or skipped so far. */
  bytesDone: number;
  /** Number of the last line read. */
  lastLine: number;
}

/** Session IDs applied to every event line. */
export interface PushAudience {
  exclude?: (number | string)[];
  eligible?: (number | string)[];
}

/** Options of a {@link LineDispatcher}. */
export interface DispatcherOptions {
  /** The one client of the run, so that connections are reused. */
  client: Client;
  /** Topic of every line, or `undefined` when each line is a full publication object. */
  topic: string | undefined;
  audience: PushAudience;
  /** Pushes in flight at once. */
  concurrency: number;
  /** Receives each failed line, in input order. */
  onFailure: (failure: LineFailure) => void;
}

/**
 * Finished outcomes that may wait for an earlier, slower push before they are reported,
 * per unit of concurrency. It bounds memory when one push hangs until its timeout.
 */
const BACKLOG_PER_SLOT = 256;

/**
 * Sends the lines of a bulk input with at most `concurrency` pushes in flight. Malformed
 * and failed lines go to `onFailure` in input order; a failed line never stops the run.
 */
export class LineDispatcher {
  /** Counters of the run so far. */
  readonly counters: BulkCounters = { done: 0, sent: 0, failed: 0, skipped: 0, bytesDone: 0, lastLine: 0 };
  readonly #options: DispatcherOptions;
  readonly #log: FailureLog;
  readonly #maxBacklog: number;
  #inFlight = 0;
  #sequence = 0;
  #wake: (() => void) | undefined;
  #interrupted = false;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#log = new FailureLog(options.onFailure);
    this.#maxBacklog = options.concurrency * BACKLOG_PER_SLOT;
  }

  /** Whether {@link interrupt} stopped the run before the end of the input. */
  get interrupted(): boolean {
    return this.#interrupted;
  }

  /** Stops taking lines; the pushes in flight still settle. */
  interrupt(): void {
    this.#interrupted = true;
  }

  /** Sends every line of `batches`, then waits until every push has settled. */
  async dispatch(batches: AsyncIterable<InputLine[]>): Promise<void> {
    for await (const lines of batches) {
      for (const line of lines) {
        if (this.#interrupted) {
          break;
        }
        await this.#dispatchLine(line);
      }
      if (this.#interrupted) {
        break;
      }
    }
    while (this.#inFlight > 0) {
      await this.#nextSettlement();
    }
  }

  async #dispatchLine({ number, raw }: InputLine): Promise<void> {
    const counters = this.counters;
    counters.lastLine = number;
    counters.bytesDone += raw.length;
    let job: BulkJob | undefined;
    let lineError: unknown;
    try {
      job = parseLine(raw, this.#options.topic);
    } catch (error) {
      lineError = error;
    }
    if (job === undefined && lineError === undefined) {
      counters.skipped += 1;
      counters.done += 1;

      return;
    }

    while (this.#inFlight >= this.#options.concurrency || this.#log.backlog(this.#sequence) >= this.#maxBacklog) {
      await this.#nextSettlement();
    }
    const sequence = this.#sequence;
    this.#sequence += 1;
    if (job === undefined) {
      this.#settle(sequence, number, raw, lineError);

      return;
    }

    this.#inFlight += 1;
    this.#send(job).then(
      () => this.#release(sequence, number, raw, undefined),
      (error: unknown) => this.#release(sequence, number, raw, error ?? new Error('unknown error')),
    );
  }

  #send(job: BulkJob): Promise<unknown> {
    const { client, audience } = this.#options;

    return 'message' in job ? client.publish(job.topic, job.message) : client.push(job.topic, job.event, audience);
  }

  #release(sequence: number, line: number, raw: Buffer, error: unknown): void {
    this.#settle(sequence, line, raw, error);
    this.#inFlight -= 1;
    const resume = this.#wake;
    this.#wake = undefined;
    resume?.();
  }

  #settle(sequence: number, line: number, raw: Buffer, error: unknown): void {
    if (error === undefined) {
      this.counters.sent += 1;
      this.#log.settle(sequence, null);
    } else {
      this.counters.failed += 1;
      this.#log.settle(sequence, { line, raw, ...describeLineError(error) });
    }
    this.counters.done += 1;
  }

  #nextSettlement(): Promise<void> {
    return new Promise((resume) => {
      this.#wake = resume;
    });
  }
}

function describeLineError(error: unknown): { code: string; message: string } {
  if (error instanceof LineError || isAutobahnPushError(error)) {
    return { code: error.code, message: error.message };
  }

  return { code: 'ERR_UNEXPECTED', message: reasonOf(error) };
}
