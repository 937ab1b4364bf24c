/** Kind of a tracked request: a push of an event or a call of a procedure. */
export type RequestKind = 'push' | 'call';

/**
 * The pushes and calls that have been sent but not settled, so that shutdown can wait for
 * them and report how many of each did not settle in time.
 */
export class InFlightRequests {
  readonly #pending = new Map<Promise<unknown>, RequestKind>();

  /** Number of requests not settled yet. */
  get size(): number {
    return this.#pending.size;
  }

  /** Number of requests of `kind` not settled yet. */
  count(kind: RequestKind): number {
    let count = 0;
    for (const pendingKind of this.#pending.values()) {
      if (pendingKind === kind) {
        count += 1;
      }
    }

    return count;
  }

  /** Adds `request` to the set until it settles, and returns it unchanged. */
  track<T>(kind: RequestKind, request: Promise<T>): Promise<T> {
    this.#pending.set(request, kind);
    const remove = (): void => {
      this.#pending.delete(request);
    };
    // A second branch that swallows the rejection: the caller still receives it through `request`.
    request.then(remove, remove);

    return request;
  }

  /**
   * Waits until every request, including requests added while waiting, has settled, or
   * until `timeout` milliseconds have passed.
   *
   * @returns the number of requests still pending when the wait ended: 0 if all settled.
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
        await Promise.race([Promise.allSettled([...this.#pending.keys()]), deadline]);
      }
    } finally {
      clearTimeout(timer);
    }

    return this.#pending.size;
  }

  /**
   * Describes the pending requests for log lines, for example `2 push(es)`,
   * `1 call(s)` or `2 push(es) and 1 call(s)`.
   */
  describe(): string {
    const parts: string[] = [];
    const pushes = this.count('push');
    const calls = this.count('call');
    if (pushes > 0) {
      parts.push(`${pushes} push(es)`);
    }
    if (calls > 0) {
      parts.push(`${calls} call(s)`);
    }

    return parts.join(' and ');
  }
}
