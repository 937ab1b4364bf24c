import { type AbortTarget, offAbort, onAbort } from './abort-listeners.js';
import type { AutobahnPushError } from './errors.js';
import { FifoQueue } from './fifo-queue.js';

interface Waiter {
  resolve: () => void;
  reject: (error: AutobahnPushError) => void;
  /** Set once the waiter left the queue because its signal aborted. */
  withdrawn: boolean;
  signal: AbortSignal | undefined;
  /** Withdraws the waiter when its signal fires. */
  abortTarget: AbortTarget | undefined;
}

/**
 * Bounds the pushes in flight. Pushes beyond `maxInFlight` wait in FIFO order; the queue
 * itself is bounded by `maxQueue`. `flush()` resolves when nothing is queued or in flight.
 */
export class Limiter {
  readonly maxInFlight: number;
  readonly maxQueue: number;
  #inFlight = 0;
  readonly #queue = new FifoQueue<Waiter>();
  // Waiters still in #queue that were withdrawn; #shift() skips them.
  #withdrawn = 0;
  #idle: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(maxInFlight: number, maxQueue: number) {
    this.maxInFlight = maxInFlight;
    this.maxQueue = maxQueue;
  }

  /** Pushes that hold a slot. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Pushes waiting for a slot. */
  get queued(): number {
    return this.#queue.length - this.#withdrawn;
  }

  /**
   * Takes a slot. Returns `undefined` when one was free (the common case, with no promise
   * allocated), a promise that resolves when one frees up, or `false` when the queue is full.
   * If `signal` aborts while the push waits, the push leaves the queue and the promise
   * rejects with `abortError()`.
   */
  acquire(signal?: AbortSignal, abortError?: () => AutobahnPushError): Promise<void> | undefined | false {
    if (this.#inFlight < this.maxInFlight && this.queued === 0) {
      this.#inFlight += 1;

      return undefined;
    }
    if (this.queued >= this.maxQueue) {
      return false;
    }

    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, withdrawn: false, signal, abortTarget: undefined };
      if (signal !== undefined && abortError !== undefined) {
        waiter.abortTarget = {
          handleEvent: () => {
            waiter.withdrawn = true;
            this.#withdrawn += 1;
            reject(abortError());
          },
        };
        onAbort(signal, waiter.abortTarget);
      }
      this.#queue.push(waiter);
    });
  }

  /** Returns a slot and hands it to the oldest waiter, if any. */
  release(): void {
    const next = this.#shift();
    if (next !== undefined) {
      next.resolve();

      return;
    }
    this.#inFlight -= 1;
    if (this.#inFlight === 0 && this.#idle !== undefined) {
      // Resolve after the settled pushes' own callbacks have run, and only if still idle.
      // setTimeout rather than setImmediate, which browsers and Workers lack.
      setTimeout(() => {
        if (this.#inFlight === 0 && this.queued === 0) {
          const idle = this.#idle;
          this.#idle = undefined;
          idle?.resolve();
        }
      }, 0);
    }
  }

  /** Resolves when nothing is queued or in flight. */
  flush(): Promise<void> {
    if (this.#inFlight === 0 && this.queued === 0) {
      return Promise.resolve();
    }
    if (this.#idle === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => {
        resolve = done;
      });
      this.#idle = { promise, resolve };
    }

    return this.#idle.promise;
  }

  /** Rejects every waiting push with the error `makeError` returns. */
  rejectQueued(makeError: () => AutobahnPushError): number {
    let count = 0;
    for (let waiter = this.#shift(); waiter !== undefined; waiter = this.#shift()) {
      waiter.reject(makeError());
      count += 1;
    }

    return count;
  }

  // Takes the oldest waiter that is still waiting and stops listening to its signal.
  #shift(): Waiter | undefined {
    for (;;) {
      const waiter = this.#queue.shift();
      if (waiter === undefined) {
        return undefined;
      }
      if (waiter.withdrawn) {
        this.#withdrawn -= 1;
        continue;
      }
      if (waiter.signal !== undefined && waiter.abortTarget !== undefined) {
        offAbort(waiter.signal, waiter.abortTarget);
      }

      return waiter;
    }
  }
}
