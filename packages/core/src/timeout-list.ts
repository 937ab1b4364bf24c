/** An entry of a {@link TimeoutList}: the list links it in place, with no wrapper object. */
export interface TimedEntry {
  /** `performance.now()` at which the entry times out. */
  deadline: number;
  previous: TimedEntry | undefined;
  next: TimedEntry | undefined;
  list: TimeoutList | undefined;
  onTimeout(): void;
}

/**
 * Entries that share one timeout, in the order they were added, watched by a single timer
 * that is armed only while the list has entries. Because every entry gets the same
 * duration, the oldest entry always times out first, so adding and removing an entry is
 * constant work and allocates nothing, unlike a `setTimeout` per request.
 */
export class TimeoutList {
  readonly duration: number;
  #head: TimedEntry | undefined;
  #tail: TimedEntry | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onEmpty: (list: TimeoutList) => void;

  /** `onEmpty` runs whenever the last entry leaves, so that an owner can drop the list. */
  constructor(duration: number, onEmpty: (list: TimeoutList) => void) {
    this.duration = duration;
    this.#onEmpty = onEmpty;
  }

  /** Starts the timeout of `entry`, which must not be in a list. */
  add(entry: TimedEntry): void {
    entry.deadline = performance.now() + this.duration;
    entry.list = this;
    entry.next = undefined;
    entry.previous = this.#tail;
    if (this.#tail === undefined) {
      this.#head = entry;
    } else {
      this.#tail.next = entry;
    }
    this.#tail = entry;
    if (this.#timer === undefined) {
      this.#arm(this.duration);
    }
  }

  /** Stops the timeout of `entry`; does nothing if it already timed out or was removed. */
  remove(entry: TimedEntry): void {
    if (entry.list !== this) {
      return;
    }
    this.#unlink(entry);
    if (this.#head === undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#onEmpty(this);
    }
  }

  /** Returns the entries waiting now, oldest first. */
  entries(): TimedEntry[] {
    const entries: TimedEntry[] = [];
    for (let entry = this.#head; entry !== undefined; entry = entry.next) {
      entries.push(entry);
    }

    return entries;
  }

  #unlink(entry: TimedEntry): void {
    const { previous, next } = entry;
    if (previous === undefined) {
      this.#head = next;
    } else {
      previous.next = next;
    }
    if (next === undefined) {
      this.#tail = previous;
    } else {
      next.previous = previous;
    }
    entry.previous = undefined;
    entry.next = undefined;
    entry.list = undefined;
  }

  #arm(delay: number): void {
    this.#timer = setTimeout(() => this.#expire(), delay);
  }

  // Times out every entry whose deadline has passed, oldest first, then waits for the next.
  #expire(): void {
    this.#timer = undefined;
    const now = performance.now();
    for (let entry = this.#head; entry !== undefined && entry.deadline <= now; entry = this.#head) {
      this.#unlink(entry);
      entry.onTimeout();
    }
    if (this.#head === undefined) {
      this.#onEmpty(this);
    } else if (this.#timer === undefined) {
      // Re-arm unless an entry added by onTimeout() already did. A timer can fire slightly
      // before `deadline` by performance.now(), so wait at least 1 ms.
      this.#arm(Math.max(1, Math.ceil(this.#head.deadline - now)));
    }
  }
}
