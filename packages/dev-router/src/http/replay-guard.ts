/**
 * Remembers the (timestamp, nonce) pairs of accepted signed requests so that
 * a replayed request is rejected. Crossbar.io itself does not do this: its
 * timestamp window is its only replay protection.
 *
 * A pair is forgotten once its timestamp has left the window, because the
 * window check then rejects the request anyway. With the window disabled
 * (limit 0) the guard keeps the most recent `capacity` pairs.
 */
export class ReplayGuard {
  /** Pair key to the time (ms since the epoch) after which it may be forgotten. */
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;
  private readonly capacity: number;

  constructor(windowSeconds: number, capacity = 100_000) {
    this.windowMs = windowSeconds * 1000;
    this.capacity = capacity;
  }

  /**
   * Records the pair and returns `true`, or returns `false` when the pair was
   * already recorded and has not expired.
   */
  accept(timestamp: string, nonce: string, timestampMs: number, nowMs: number): boolean {
    this.expire(nowMs);

    const key = `${timestamp}\u0000${nonce}`;
    if (this.seen.has(key)) return false;

    const forgetAfter = this.windowMs > 0 ? timestampMs + this.windowMs : Number.POSITIVE_INFINITY;
    this.seen.set(key, forgetAfter);
    if (this.seen.size > this.capacity) {
      // NOTE: past the capacity the oldest pair is dropped, so a replay of it
      // would pass. The capacity is far above what a test suite sends.
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }

    return true;
  }

  // Pairs sit in insertion order, which is nearly timestamp order, so the scan stops at the
  // first pair still inside the window: each pair is visited about once, not once per request.
  // A pair stuck behind a newer one is forgotten a little later, which only costs memory,
  // because the window check rejects its timestamp by then anyway.
  private expire(nowMs: number): void {
    if (this.windowMs === 0) return;

    for (const [key, forgetAfter] of this.seen) {
      if (forgetAfter >= nowMs) return;
      this.seen.delete(key);
    }
  }
}
