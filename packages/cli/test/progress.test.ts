import { describe, expect, it } from 'vitest';
import { formatProgress } from '../src/bulk/progress.js';

describe('formatProgress', () => {
  it('shows bar, percentage, rate and ETA for a file', () => {
    expect(formatProgress({ done: 500, failed: 0, bytesDone: 250 }, 1000, 2)).toBe(
      '[======                  ]  25%  500 lines  250 lines/s  ETA 6s',
    );
  });

  it('shows count and rate without a known size', () => {
    expect(formatProgress({ done: 30, failed: 2, bytesDone: 99 }, undefined, 3)).toBe(
      '30 lines  10 lines/s  2 failed',
    );
  });

  it('shows minutes in a long ETA', () => {
    expect(formatProgress({ done: 1, failed: 0, bytesDone: 1 }, 100, 2)).toContain('ETA 3m18s');
  });

  it('ends at 100% with ETA 0s', () => {
    expect(formatProgress({ done: 10, failed: 0, bytesDone: 80 }, 80, 1)).toBe(
      '[========================]  100%  10 lines  10 lines/s  ETA 0s',
    );
  });
});
