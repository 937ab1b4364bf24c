import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchConfig, sinkScript } from './config.js';
import type { PushResult, PushScenarioSpec } from './push-scenario.js';
import { BENCH_KEY, BENCH_SECRET } from './push-matrix.js';
import { runChild, startService } from './processes.js';
import { table } from './report.js';

/** The parts of a V8 `.cpuprofile` that the summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    hitCount?: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
}

/** Self time of one function in a CPU profile. */
export interface ProfileEntry {
  name: string;
  location: string;
  /** Share of the samples in which this function was on top of the stack, idle excluded. */
  percent: number;
}

const PROFILED_CONCURRENCY = 64;

/**
 * Runs the autobahnpush scenario at concurrency 64 under `node --cpu-prof` in a temporary
 * folder, prints the top self-time functions overall and within `@autobahnpush/core`, and
 * deletes the profile.
 */
export async function runProfile(config: BenchConfig, log: (line: string) => void): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'autobahnpush-profile-'));
  const sink = await startService<{ url: string }>(sinkScript(config.sink), {});
  try {
    const spec: PushScenarioSpec = {
      kind: 'autobahnpush',
      url: sink.ready.url,
      concurrency: PROFILED_CONCURRENCY,
      connections: config.connections,
      key: BENCH_KEY,
      secret: BENCH_SECRET,
      warmup: config.warmup,
      pushes: config.pushesAt(PROFILED_CONCURRENCY),
    };
    const result = await runChild<PushResult>('./push-scenario.js', spec, ['--cpu-prof', `--cpu-prof-dir=${folder}`]);
    log(
      `autobahnpush at c=${PROFILED_CONCURRENCY} under --cpu-prof: ${Math.round(result.pushesPerSecond)} pushes/s, ` +
        `${result.cpuMicrosPerPush.toFixed(1)} µs CPU/push`,
    );

    const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) {
      throw new Error(`node --cpu-prof wrote no profile into ${folder}.`);
    }
    const entries = summarizeProfile(JSON.parse(readFileSync(join(folder, file), 'utf8')) as CpuProfile);
    const render = (list: ProfileEntry[]): string =>
      table(
        ['self %', 'function', 'location'],
        list.map((entry) => [entry.percent.toFixed(1), entry.name, entry.location]),
      );
    log(`\nTop self time, all code (share of non-idle samples):\n\n${render(entries.slice(0, 20))}`);
    const core = entries.filter((entry) => entry.location.startsWith('core/'));
    log(`\nTop self time in @autobahnpush/core:\n\n${render(core.slice(0, 15))}`);
    log(`\n@autobahnpush/core in total: ${sum(core).toFixed(1)} % of non-idle samples`);
  } finally {
    await sink.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Adds up the self samples of each function and sorts them, largest first. */
export function summarizeProfile(profile: CpuProfile): ProfileEntry[] {
  const hits = new Map<string, { name: string; location: string; hits: number }>();
  let total = 0;
  const sourceMaps = new SourceMapCache();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const count = node.hitCount ?? 0;
    if (functionName === '(idle)' || count === 0) {
      continue;
    }
    total += count;
    const location = url === '' ? '' : (sourceMaps.locate(url, lineNumber, columnNumber) ?? `${shortenUrl(url)}:${lineNumber + 1}`);
    const name = functionName === '' ? '(anonymous)' : functionName;
    const key = `${name} ${location}`;
    const entry = hits.get(key) ?? { name, location, hits: 0 };
    entry.hits += count;
    hits.set(key, entry);
  }

  return [...hits.values()]
    .map((entry) => ({ name: entry.name, location: entry.location, percent: (100 * entry.hits) / total }))
    .sort((a, b) => b.percent - a.percent);
}

/**
 * Maps a position in the built `@autobahnpush/core` back to its TypeScript source through
 * the `.map` file that tsdown writes next to each bundle.
 */
class SourceMapCache {
  readonly #maps = new Map<string, SourceMap | undefined>();

  /** Returns `core/src/FILE.ts:LINE` for a position in core's dist, or undefined. */
  locate(url: string, line: number, column: number): string | undefined {
    if (!/\/packages\/core\/dist\//.test(url) || !url.startsWith('file:')) {
      return undefined;
    }
    const file = fileURLToPath(url);
    if (!this.#maps.has(file)) {
      const mapFile = `${file}.map`;
      this.#maps.set(
        file,
        existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined,
      );
    }
    const entry = this.#maps.get(file)?.findEntry(line, column);
    if (entry === undefined || !('originalSource' in entry)) {
      return undefined;
    }
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : join(dirname(file), entry.originalSource);
    const core = join(dirname(file), '..');

    return `core/${relative(core, source)}:${entry.originalLine + 1}`;
  }
}

function shortenUrl(url: string): string {
  const core = url.match(/\/packages\/core\/(dist\/.*)$/);
  if (core) {
    return `core/${core[1]}`;
  }
  const dependency = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(.*)$/);
  if (dependency) {
    return dependency[1]!;
  }

  return url.replace(/^file:\/\//, '');
}

function sum(entries: ProfileEntry[]): number {
  return entries.reduce((total, entry) => total + entry.percent, 0);
}
