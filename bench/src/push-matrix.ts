import type { BenchConfig } from './config.js';
import type { ClientKind } from './push-clients.js';
import type { PushResult, PushScenarioSpec } from './push-scenario.js';
import { runChild } from './processes.js';

/** Credentials that every signed client uses; the sink does not check them. */
export const BENCH_KEY = 'bench-key';
export const BENCH_SECRET = 'bench-secret-0123456789abcdef';

/** Medians of one client kind at one concurrency over all repetitions. */
export interface PushRow {
  kind: ClientKind;
  concurrency: number;
  pushes: number;
  repetitions: number;
  pushesPerSecond: number;
  cpuMicrosPerPush: number;
  /** Median over repetitions of pushes/s divided by limit's pushes/s in the same repetition. */
  throughputVsLimit: number;
  /** Median over repetitions of CPU per push divided by limit's in the same repetition. */
  cpuVsLimit: number;
  /** Lowest and highest of the per-repetition throughput ratios; absent in older results. */
  throughputVsLimitRange?: [number, number];
  /** Lowest and highest of the per-repetition CPU ratios; absent in older results. */
  cpuVsLimitRange?: [number, number];
  errors: number;
  firstError: string | undefined;
}

/**
 * Runs every client kind at every concurrency, each in a fresh child process, `repeat`
 * times. Within a repetition the kinds run back to back at one concurrency, so the ratios
 * compare runs that saw the same machine load.
 */
export async function runPushMatrix(
  config: BenchConfig,
  sinkUrl: string,
  log: (line: string) => void,
): Promise<PushRow[]> {
  const runs: PushResult[][] = [];
  for (let repetition = 1; repetition <= config.repeat; repetition += 1) {
    const results: PushResult[] = [];
    for (const concurrency of config.concurrencies) {
      for (const kind of config.kinds) {
        const spec: PushScenarioSpec = {
          kind,
          url: sinkUrl,
          concurrency,
          connections: config.connections,
          key: BENCH_KEY,
          secret: BENCH_SECRET,
          warmup: config.warmup,
          pushes: config.pushesAt(concurrency),
        };
        const result = await runChild<PushResult>('./push-scenario.js', spec);
        results.push(result);
        log(
          `  run ${repetition}/${config.repeat}  c=${String(concurrency).padEnd(3)}  ${kind.padEnd(24)} ` +
            `${Math.round(result.pushesPerSecond)} pushes/s, ${result.cpuMicrosPerPush.toFixed(1)} µs CPU/push` +
            (result.errors > 0 ? `, ${result.errors} errors: ${result.firstError}` : ''),
        );
      }
    }
    runs.push(results);
  }

  return summarizeRuns(config, runs);
}

function summarizeRuns(config: BenchConfig, runs: PushResult[][]): PushRow[] {
  const rows: PushRow[] = [];
  for (const concurrency of config.concurrencies) {
    for (const kind of config.kinds) {
      const samples = runs.map((results) => {
        const own = find(results, kind, concurrency);
        const limit = find(results, 'limit', concurrency);

        return {
          own,
          throughputRatio: own.pushesPerSecond / limit.pushesPerSecond,
          cpuRatio: own.cpuMicrosPerPush / limit.cpuMicrosPerPush,
        };
      });
      rows.push({
        kind,
        concurrency,
        pushes: config.pushesAt(concurrency),
        repetitions: samples.length,
        pushesPerSecond: median(samples.map((sample) => sample.own.pushesPerSecond)),
        cpuMicrosPerPush: median(samples.map((sample) => sample.own.cpuMicrosPerPush)),
        throughputVsLimit: median(samples.map((sample) => sample.throughputRatio)),
        cpuVsLimit: median(samples.map((sample) => sample.cpuRatio)),
        throughputVsLimitRange: range(samples.map((sample) => sample.throughputRatio)),
        cpuVsLimitRange: range(samples.map((sample) => sample.cpuRatio)),
        errors: samples.reduce((sum, sample) => sum + sample.own.errors, 0),
        firstError: samples.find((sample) => sample.own.firstError !== undefined)?.own.firstError,
      });
    }
  }

  return rows;
}

function find(results: PushResult[], kind: ClientKind, concurrency: number): PushResult {
  const result = results.find((entry) => entry.kind === kind && entry.concurrency === concurrency);
  if (result === undefined) {
    throw new Error(`No result for ${kind} at concurrency ${concurrency}.`);
  }

  return result;
}

function range(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** Returns the median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) {
    return sorted[middle]!;
  }

  return (sorted[middle - 1]! + sorted[middle]!) / 2;
}
