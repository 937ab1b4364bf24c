/**
 * The set of pushes that have been sent but not settled, so that shutdown can wait for
 * them and report how many did not settle in time.
 */
export class InFlightPushes {
  readonly #pending = new Set<Promise<unknown>>();

  /** Number of pushes not settled yet. */
  get size(): number {
    return this.#pending.size;
  }

  /** Adds `push` to the set until it settles, and returns it unchanged. */
  track<T>(push: Promise<T>): Promise<T> {
    this.#pending.add(push);
    const remove = (): void => {
      this.#pending.delete(push);
    };
    // A second branch that swallows the rejection: the caller still receives it through `push`.
    push.then(remove, remove);

    return push;
  }

  /**
   * Waits until every push, including pushes added while waiting, has settled, or until
   * `timeout` milliseconds have passed.
   *
   * @returns the number of pushes still pending when the wait ended: 0 if all settled.
   */
  async settle(timeout: number): Promise<number> {
    if (this.#pending.size === 0) {
      return 0;
    }

    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, timeout);
    });
    try {
      while (this.#pending.size > 0 && !timedOut) {
        await Promise.race([Promise.allSettled([...this.#pending]), deadline]);
      }
    } finally {
      clearTimeout(timer);
    }

    return this.#pending.size;
  }
}
