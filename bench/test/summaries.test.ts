import { describe, expect, it } from 'vitest';
import { summarizeProfile } from '../src/profile.js';
import { median } from '../src/push-matrix.js';
import type { PushRow } from '../src/push-matrix.js';
import { table } from '../src/report.js';
import type { BenchResults } from '../src/results.js';
import { checkTargets } from '../src/results.js';

function row(kind: PushRow['kind'], concurrency: number, pushesPerSecond: number, cpuVsLimit: number, throughputVsLimit: number): PushRow {
  return {
    kind,
    concurrency,
    pushes: 100_000,
    repetitions: 1,
    pushesPerSecond,
    cpuMicrosPerPush: 10 * cpuVsLimit,
    throughputVsLimit,
    cpuVsLimit,
    errors: 0,
    firstError: undefined,
  };
}

function results(overrides: Partial<BenchResults>): BenchResults {
  return {
    context: {
      mode: 'full',
      command: 'pnpm bench',
      date: '2026-01-01T00:00:00Z',
      cores: 2,
      cpuModel: 'test',
      node: 'v20.0.0',
      platform: 'linux x64',
      loadAtStart: 0,
      loadAtEnd: 0,
      revision: 'abc1234',
      connections: 32,
      repeat: 1,
      sink: 'net',
    },
    push: undefined,
    sinkCpuMicrosPerRequest: undefined,
    memory: undefined,
    bulk: undefined,
    fanout: undefined,
    ...overrides,
  };
}

describe('median', () => {
  it('takes the middle of an odd count', () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('checkTargets', () => {
  it('marks met and missed targets', () => {
    const checks = checkTargets(
      results({
        push: [
          row('limit', 64, 10_000, 1, 1),
          row('naive', 64, 2_000, 5, 0.2),
          row('autobahnpush', 64, 9_500, 1.2, 0.95),
          row('limit', 256, 10_000, 1, 1),
          row('autobahnpush', 256, 8_000, 1.4, 0.8),
        ],
      }),
    );
    const byTarget = new Map(checks.map((check) => [check.target, check.met]));

    expect(byTarget.get('autobahnpush ≥ 0.9× limit throughput at c=64')).toBe(true);
    expect(byTarget.get('autobahnpush ≥ 0.9× limit throughput at c=256')).toBe(false);
    expect(byTarget.get('autobahnpush ≥ 2× naive throughput at c=64')).toBe(true);
    expect(byTarget.get("autobahnpush CPU per push ≤ 1.3× limit's at c=64")).toBe(true);
    expect(byTarget.get("autobahnpush CPU per push ≤ 1.3× limit's at c=256")).toBe(false);
  });

  it('leaves unmeasured targets undecided', () => {
    const checks = checkTargets(results({}));

    expect(checks).toHaveLength(7);
    for (const check of checks) {
      expect(check.met, check.target).toBeUndefined();
    }
  });

  it('checks heap growth against 5 MB', () => {
    const memory = {
      concurrency: 64,
      errors: 0,
      firstError: undefined,
      readings: [
        { pushes: 10_000, heapUsedBytes: 10 * 1024 * 1024, rssBytes: 1 },
        { pushes: 200_000, heapUsedBytes: 16 * 1024 * 1024, rssBytes: 1 },
      ],
    };
    const heap = checkTargets(results({ memory })).find((check) => check.target.startsWith('heap'));

    expect(heap?.measured).toBe('+6.0 MB');
    expect(heap?.met).toBe(false);
  });

  it('reports an unavailable CLI', () => {
    const checks = checkTargets(results({ bulk: { available: false, reason: 'not built' } }));
    const bulk = checks.find((check) => check.target.startsWith('CLI'));

    expect(bulk?.measured).toBe('not available');
    expect(bulk?.met).toBeUndefined();
  });
});

describe('summarizeProfile', () => {
  it('adds self samples per function without idle', () => {
    const frame = (functionName: string, url: string, lineNumber: number) => ({
      functionName,
      url,
      lineNumber,
      columnNumber: 0,
    });
    const entries = summarizeProfile({
      nodes: [
        { id: 1, hitCount: 50, callFrame: frame('(idle)', '', -1) },
        { id: 2, hitCount: 30, callFrame: frame('writev', '', -1) },
        { id: 3, hitCount: 10, callFrame: frame('push', 'file:///x/node_modules/undici/lib/a.js', 9) },
        { id: 4, hitCount: 10, callFrame: frame('push', 'file:///x/node_modules/undici/lib/a.js', 9) },
      ],
    });

    expect(entries.map((entry) => entry.name)).toEqual(['writev', 'push']);
    expect(entries[0]?.percent).toBe(60);
    expect(entries[1]?.percent).toBe(40);
    expect(entries[1]?.location).toBe('undici/lib/a.js:10');
  });
});

describe('table', () => {
  it('pads every column to its widest cell', () => {
    expect(table(['a', 'bb'], [['ccc', 'd']])).toBe('| a   | bb |\n|-----|----|\n| ccc | d  |');
  });
});
