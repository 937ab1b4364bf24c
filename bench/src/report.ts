import type { BenchResults, TargetCheck } from './results.js';
import { count, megabytes, ratio, signedMegabytes } from './results.js';

/** Renders a Markdown table; it reads as plain text on a terminal too. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;

  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Renders the targets table. */
export function targetsTable(checks: readonly TargetCheck[]): string {
  return table(
    ['target', 'measured', 'result'],
    checks.map((check) => [check.target, check.measured, describeOutcome(check.met)]),
  );
}

function describeOutcome(met: boolean | undefined): string {
  if (met === undefined) {
    return 'not measured';
  }

  return met ? 'met' : 'not met';
}

/** Renders the push matrix, or undefined when it did not run. */
export function pushTable(results: BenchResults): string | undefined {
  if (results.push === undefined) {
    return undefined;
  }

  const withRanges = results.push.every((row) => row.repetitions > 1 && row.throughputVsLimitRange && row.cpuVsLimitRange);
  const header = ['c', 'client', 'pushes', 'pushes/s', 'CPU µs/push', 'throughput vs limit', 'CPU vs limit'];
  if (withRanges) {
    header.push('throughput range', 'CPU range');
  }
  header.push('errors');

  return table(
    header,
    results.push.map((row) => {
      const cells = [
        String(row.concurrency),
        row.kind,
        count(row.pushes),
        count(row.pushesPerSecond),
        row.cpuMicrosPerPush.toFixed(1),
        ratio(row.throughputVsLimit),
        ratio(row.cpuVsLimit),
      ];
      if (withRanges) {
        cells.push(ratioRange(row.throughputVsLimitRange!), ratioRange(row.cpuVsLimitRange!));
      }
      cells.push(String(row.errors));

      return cells;
    }),
  );
}

function ratioRange([low, high]: [number, number]): string {
  return `${low.toFixed(2)}–${high.toFixed(2)}×`;
}

/** Renders the memory readings, or undefined when they were not taken. */
export function memoryTable(results: BenchResults): string | undefined {
  const memory = results.memory;
  if (memory === undefined) {
    return undefined;
  }
  const first = memory.readings[0];

  return table(
    ['pushes', 'heap used MB', 'heap vs first MB', 'RSS MB', 'RSS vs first MB'],
    memory.readings.map((reading) => [
      count(reading.pushes),
      megabytes(reading.heapUsedBytes),
      first ? signedMegabytes(reading.heapUsedBytes - first.heapUsedBytes) : '',
      megabytes(reading.rssBytes),
      first ? signedMegabytes(reading.rssBytes - first.rssBytes) : '',
    ]),
  );
}

/** Renders the CLI bulk comparison, or undefined when it did not run. */
export function bulkTable(results: BenchResults): string | undefined {
  const bulk = results.bulk;
  if (bulk === undefined) {
    return undefined;
  }
  if (!bulk.available) {
    return `Not available: ${bulk.reason}.`;
  }

  return table(
    ['lines', 'concurrency', 'library lines/s', 'CLI lines/s (wall)', 'CLI lines/s (own summary)', 'CLI vs library', 'errors'],
    [
      [
        count(bulk.lines),
        String(bulk.concurrency),
        count(bulk.libraryLinesPerSecond),
        count(bulk.cliLinesPerSecond),
        count(bulk.cliReportedLinesPerSecond),
        ratio(bulk.cliVsLibrary),
        String(bulk.errors),
      ],
    ],
  );
}

/** Renders the fan-out rows, or undefined when they were not measured. */
export function fanoutTable(results: BenchResults): string | undefined {
  if (results.fanout === undefined) {
    return undefined;
  }

  return table(
    ['subscribers', 'pushes', 'pushes/s', 'deliveries/s', 'missing', 'errors'],
    results.fanout.map((row) => [
      count(row.subscribers),
      count(row.pushes),
      count(row.pushesPerSecond),
      count(row.deliveriesPerSecond),
      count(row.missing),
      String(row.errors),
    ]),
  );
}
