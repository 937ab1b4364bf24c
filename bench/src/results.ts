import type { BulkResult } from './bulk.js';
import type { SinkKind } from './config.js';
import type { FanoutRow } from './fanout.js';
import type { MemoryResult } from './memory-scenario.js';
import type { PushRow } from './push-matrix.js';

/** The machine and the code a run measured. */
export interface RunContext {
  mode: 'full' | 'quick';
  /** The command as a user types it, for example `pnpm bench`. */
  command: string;
  date: string;
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  /** One-minute load averages at the start and at the end of the run. */
  loadAtStart: number;
  loadAtEnd: number;
  /** Wall time of the whole run in seconds; absent in results saved before it was recorded. */
  durationSeconds?: number;
  /** Short commit hash, with `+ uncommitted core changes` when packages/core differs from it. */
  revision: string;
  connections: number;
  repeat: number;
  sink: SinkKind;
}

/** Results of one run. A section that did not run is undefined. */
export interface BenchResults {
  context: RunContext;
  push: PushRow[] | undefined;
  /** Sink CPU time per request over the push matrix, in microseconds. */
  sinkCpuMicrosPerRequest: number | undefined;
  memory: MemoryResult | undefined;
  bulk: BulkResult | undefined;
  fanout: FanoutRow[] | undefined;
}

/** One performance target, checked against a run. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined when the run did not measure it. */
  met: boolean | undefined;
}

const MB = 1024 * 1024;

/**
 * Checks the performance targets: throughput and CPU against limit and naive, heap growth
 * over the memory run, and CLI bulk against the library.
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const row = (kind: string, concurrency: number): PushRow | undefined =>
    results.push?.find((entry) => entry.kind === kind && entry.concurrency === concurrency);

  for (const concurrency of [64, 256]) {
    const own = row('autobahnpush', concurrency);
    checks.push({
      target: `autobahnpush ≥ 0.9× limit throughput at c=${concurrency}`,
      measured: own ? preciseRatio(own.throughputVsLimit) : 'not measured',
      met: own ? own.throughputVsLimit >= 0.9 : undefined,
    });
  }

  const own64 = row('autobahnpush', 64);
  const naive64 = row('naive', 64);
  const vsNaive = own64 && naive64 ? own64.pushesPerSecond / naive64.pushesPerSecond : undefined;
  checks.push({
    target: 'autobahnpush ≥ 2× naive throughput at c=64',
    measured: vsNaive === undefined ? 'not measured' : preciseRatio(vsNaive),
    met: vsNaive === undefined ? undefined : vsNaive >= 2,
  });

  for (const concurrency of [64, 256]) {
    const own = row('autobahnpush', concurrency);
    checks.push({
      target: `autobahnpush CPU per push ≤ 1.3× limit's at c=${concurrency}`,
      measured: own ? preciseRatio(own.cpuVsLimit) : 'not measured',
      met: own ? own.cpuVsLimit <= 1.3 : undefined,
    });
  }

  const readings = results.memory?.readings;
  const first = readings?.[0];
  const last = readings?.[readings.length - 1];
  checks.push({
    target: `heap after ${count(last?.pushes)} pushes within 5 MB of the heap after ${count(first?.pushes)}`,
    measured: first && last ? `${signedMegabytes(last.heapUsedBytes - first.heapUsedBytes)} MB` : 'not measured',
    met: first && last ? Math.abs(last.heapUsedBytes - first.heapUsedBytes) <= 5 * MB : undefined,
  });

  const bulk = results.bulk;
  const bulkCheck: TargetCheck = { target: 'CLI bulk ≥ 0.8× library throughput', measured: 'not measured', met: undefined };
  if (bulk?.available) {
    bulkCheck.measured = preciseRatio(bulk.cliVsLibrary);
    bulkCheck.met = bulk.cliVsLibrary >= 0.8;
  } else if (bulk !== undefined) {
    bulkCheck.measured = 'not available';
  }
  checks.push(bulkCheck);

  return checks;
}

/** Formats a ratio as `0.93×`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

// Three decimals, so that a value just past a threshold does not print as the threshold.
function preciseRatio(value: number): string {
  return `${value.toFixed(3)}×`;
}

/** Formats a count with thousands separators, or `?` when unknown. */
export function count(value: number | undefined): string {
  return value === undefined ? '?' : Math.round(value).toLocaleString('en-US');
}

/** Formats bytes as megabytes with one decimal. */
export function megabytes(bytes: number): string {
  return (bytes / MB).toFixed(1);
}

/** Formats a byte difference as megabytes with a sign. */
export function signedMegabytes(bytes: number): string {
  const text = megabytes(bytes);
  return bytes >= 0 ? `+${text}` : text;
}
