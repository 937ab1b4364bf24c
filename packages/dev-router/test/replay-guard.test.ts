import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../src/http/replay-guard.js';

describe('replay guard', () => {
  it('rejects a repeated pair', () => {
    const guard = new ReplayGuard(300);

    expect(guard.accept('t1', '1', 1000, 1000)).toBe(true);
    expect(guard.accept('t1', '1', 1000, 2000)).toBe(false);
    expect(guard.accept('t1', '2', 1000, 2000)).toBe(true);
    expect(guard.accept('t2', '1', 1000, 2000)).toBe(true);
  });

  it('forgets pairs outside the window', () => {
    const guard = new ReplayGuard(300);
    guard.accept('t1', '1', 0, 0);

    expect(guard.accept('t1', '1', 0, 300_001)).toBe(true);
  });

  it('keeps at most capacity pairs without window', () => {
    const guard = new ReplayGuard(0, 2);
    guard.accept('a', '1', 0, 0);
    guard.accept('b', '1', 0, 0);
    guard.accept('c', '1', 0, 0);

    expect(guard.accept('b', '1', 0, 10 ** 12)).toBe(false);
    expect(guard.accept('a', '1', 0, 10 ** 12)).toBe(true);
  });
});
