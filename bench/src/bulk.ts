import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BulkLibraryResult, BulkLibrarySpec } from './bulk-library.js';
import type { BenchConfig } from './config.js';
import { TOPIC, benchEvent } from './push-clients.js';
import { BENCH_KEY, BENCH_SECRET, median } from './push-matrix.js';
import type { RouterReady, RouterSpec } from './router-host.js';
import { runChild, startService } from './processes.js';

/** CLI bulk push compared with the library on the same file and the same dev router. */
export type BulkResult =
  | {
      available: true;
      lines: number;
      concurrency: number;
      /** Runs of each side; the rates are medians over them. */
      repetitions?: number;
      libraryLinesPerSecond: number;
      /** Lines divided by the CLI process's wall time, from spawn to exit. */
      cliLinesPerSecond: number;
      /** Rate the CLI printed in its summary, which leaves out its start-up. */
      cliReportedLinesPerSecond: number;
      /** Median over repetitions of CLI wall-time throughput divided by the library's. */
      cliVsLibrary: number;
      errors: number;
    }
  | { available: false; reason: string };

interface CliSummary {
  sent: number;
  failed: number;
  rate: number;
}

/**
 * Writes an NDJSON file of benchmark events to a temporary folder, pushes it through the
 * library and then through the built `autobahnpush` bin, each into a fresh signed dev
 * router, and reports both throughputs. Reports "not available" when the CLI is not built.
 */
export async function runBulk(config: BenchConfig, log: (line: string) => void): Promise<BulkResult> {
  const bin = findCliBin();
  if (typeof bin !== 'string') {
    return bin;
  }

  const folder = mkdtempSync(join(tmpdir(), 'autobahnpush-bench-'));
  try {
    const file = join(folder, 'events.ndjson');
    const lines = Array.from({ length: config.bulk.lines }, (_, index) => JSON.stringify(benchEvent(index)));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { concurrency } = config.bulk;

    // Each side gets a fresh router, so neither inherits state that the other left behind.
    // The sides alternate within each repetition, so both see the same machine load.
    const samples: { library: number; cli: number; reported: number }[] = [];
    let errors = 0;
    for (let repetition = 1; repetition <= config.repeat; repetition += 1) {
      const library = await withRouter((url) =>
        runChild<BulkLibraryResult>('./bulk-library.js', {
          url,
          key: BENCH_KEY,
          secret: BENCH_SECRET,
          file,
          concurrency,
        } satisfies BulkLibrarySpec),
      );
      const cli = await withRouter((url) => runCli(bin, file, url, concurrency));
      const sample = {
        library: library.lines / library.seconds,
        cli: config.bulk.lines / cli.seconds,
        reported: cli.summary.rate,
      };
      samples.push(sample);
      errors += library.errors + cli.summary.failed;
      log(
        `  run ${repetition}/${config.repeat}  library ${Math.round(sample.library)} lines/s, ` +
          `CLI ${Math.round(sample.cli)} lines/s, ${library.errors + cli.summary.failed} errors`,
      );
    }

    return {
      available: true,
      lines: config.bulk.lines,
      concurrency,
      repetitions: samples.length,
      libraryLinesPerSecond: median(samples.map((sample) => sample.library)),
      cliLinesPerSecond: median(samples.map((sample) => sample.cli)),
      cliReportedLinesPerSecond: median(samples.map((sample) => sample.reported)),
      cliVsLibrary: median(samples.map((sample) => sample.cli / sample.library)),
      errors,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Starts a signed dev router in its own process, runs `task` with its publish URL, and stops it. */
async function withRouter<T>(task: (publishUrl: string) => Promise<T>): Promise<T> {
  const router = await startService<RouterReady>('./router-host.js', {
    key: BENCH_KEY,
    secret: BENCH_SECRET,
  } satisfies RouterSpec);
  try {
    return await task(router.ready.publishUrl);
  } finally {
    await router.stop();
  }
}

/** Returns the path of the built CLI bin, or why it cannot be used. */
function findCliBin(): string | { available: false; reason: string } {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve('@autobahnpush/cli/package.json');
  } catch {
    return { available: false, reason: '@autobahnpush/cli is not installed in the workspace' };
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin?: Record<string, string> };
  const relative = manifest.bin?.autobahnpush;
  if (relative === undefined) {
    return { available: false, reason: '@autobahnpush/cli declares no autobahnpush bin' };
  }
  const bin = join(dirname(manifestPath), relative);
  if (!existsSync(bin)) {
    return { available: false, reason: `${bin} does not exist; build @autobahnpush/cli first` };
  }

  return bin;
}

function runCli(
  bin: string,
  file: string,
  url: string,
  concurrency: number,
): Promise<{ seconds: number; summary: CliSummary }> {
  const args = [bin, 'push', TOPIC, '--ndjson', file, '--concurrency', String(concurrency)];
  args.push('--url', url, '--key', BENCH_KEY, '--quiet', '--json');

  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AUTOBAHNPUSH_SECRET: BENCH_SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - startedAt) / 1000;
      try {
        const summary = JSON.parse(stdout) as CliSummary;
        resolve({ seconds, summary });
      } catch {
        reject(new Error(`autobahnpush push --ndjson exited with code ${code} and printed: ${stdout}`));
      }
    });
  });
}
