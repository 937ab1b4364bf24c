import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from '../src/push-clients.js';
import type { BenchResults, TargetCheck } from '../src/results.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

let folder: string;
let stdout: string;
let status: number | null;
let results: BenchResults & { targets: TargetCheck[] };
let docModifiedAt: number | undefined;

function docTime(): number | undefined {
  return existsSync(DOC) ? statSync(DOC).mtimeMs : undefined;
}

function expectPositive(value: number): void {
  expect(Number.isFinite(value)).toBe(true);
  expect(value).toBeGreaterThan(0);
}

// Runs the real harness once, as CI does, and checks the shape of what it reports. It
// never checks a time or a ratio, because those depend on the machine.
beforeAll(() => {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run "pnpm build" so the harness and its packages are built.`);
  }
  folder = mkdtempSync(join(tmpdir(), 'autobahnpush-bench-test-'));
  const jsonFile = join(folder, 'results.json');
  docModifiedAt = docTime();
  const run = spawnSync(process.execPath, [MAIN, '--quick', '--json', jsonFile], { encoding: 'utf8' });
  stdout = run.stdout;
  status = run.status;
  if (status !== 0) {
    throw new Error(`The quick harness exited with ${status}:\n${run.stdout}\n${run.stderr}`);
  }
  results = JSON.parse(readFileSync(jsonFile, 'utf8'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('quick benchmark run', () => {
  it('exits with code 0', () => {
    expect(status).toBe(0);
  });

  it('prints every section', () => {
    for (const title of ['Push throughput and client CPU', 'Memory after a forced GC', 'CLI bulk', 'Dev router fan-out', 'Targets']) {
      expect(stdout).toContain(title);
    }
  });

  it('measures every client at every concurrency', () => {
    const rows = results.push ?? [];
    expect(rows).toHaveLength(24);
    for (const kind of CLIENT_KINDS) {
      for (const concurrency of [1, 16, 64, 256]) {
        const row = rows.find((entry) => entry.kind === kind && entry.concurrency === concurrency);
        expect(row, `${kind} at c=${concurrency}`).toBeDefined();
        expectPositive(row!.pushesPerSecond);
        expectPositive(row!.cpuMicrosPerPush);
        expectPositive(row!.throughputVsLimit);
        expectPositive(row!.cpuVsLimit);
        expect(row!.errors).toBe(0);
      }
    }
  });

  it('reads memory at every checkpoint', () => {
    const memory = results.memory!;
    expect(memory.errors).toBe(0);
    expect(memory.readings.map((reading) => reading.pushes)).toEqual([2_000, 10_000, 20_000]);
    for (const reading of memory.readings) {
      expectPositive(reading.heapUsedBytes);
      expectPositive(reading.rssBytes);
    }
  });

  it('compares CLI bulk with the library', () => {
    const bulk = results.bulk!;
    expect(bulk.available).toBe(true);
    if (bulk.available) {
      expect(bulk.errors).toBe(0);
      expectPositive(bulk.libraryLinesPerSecond);
      expectPositive(bulk.cliLinesPerSecond);
      expectPositive(bulk.cliVsLibrary);
    }
  });

  it('delivers every fan-out event', () => {
    const rows = results.fanout ?? [];
    expect(rows.map((row) => row.subscribers)).toEqual([1, 100]);
    for (const row of rows) {
      expect(row.missing).toBe(0);
      expect(row.errors).toBe(0);
      expectPositive(row.deliveriesPerSecond);
    }
  });

  it('checks every target', () => {
    expect(results.targets).toHaveLength(7);
    for (const check of results.targets) {
      expect(typeof check.met, check.target).toBe('boolean');
    }
  });

  it('leaves docs/benchmarks.md alone', () => {
    expect(docTime()).toBe(docModifiedAt);
  });
});
