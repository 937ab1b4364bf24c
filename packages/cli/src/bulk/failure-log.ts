/** One failed line of a bulk run. */
export interface LineFailure {
  /** 1-based line number in the input. */
  line: number;
  /** Stable error code, for example `ERR_PAYLOAD_TOO_LARGE` or `ERR_INVALID_JSON`. */
  code: string;
  /** The error message. */
  message: string;
  /** The line's bytes exactly as read. */
  raw: Buffer;
}

/**
 * Puts the outcomes of concurrent pushes back into input order before handing failures
 * to `onFailure`, so the failed file and the stderr report follow the input.
 *
 * The caller numbers jobs from 0 in dispatch order and settles each number once. A number
 * that is never settled holds back every failure after it.
 * Outcomes that arrive early wait in memory until the jobs before them settle; the caller
 * bounds that backlog by waiting while {@link backlog} is large.
 */
export class FailureLog {
  readonly #onFailure: (failure: LineFailure) => void;
  readonly #waiting = new Map<number, LineFailure | null>();
  #next = 0;

  constructor(onFailure: (failure: LineFailure) => void) {
    this.#onFailure = onFailure;
  }

  /** Number of jobs dispatched before `sequence` whose outcome has not been handed on. */
  backlog(sequence: number): number {
    return sequence - this.#next;
  }

  /** Records the outcome of job `sequence`: `null` for success, or its failure. */
  settle(sequence: number, failure: LineFailure | null): void {
    if (sequence !== this.#next) {
      this.#waiting.set(sequence, failure);

      return;
    }
    this.#emit(failure);
    for (let entry = this.#waiting.get(this.#next); entry !== undefined; entry = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#emit(entry);
    }
  }

  #emit(failure: LineFailure | null): void {
    this.#next += 1;
    if (failure !== null) {
      this.#onFailure(failure);
    }
  }
}
