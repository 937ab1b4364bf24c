import type { ClientKind } from './push-clients.js';
import { CLIENT_KINDS } from './push-clients.js';

/** Parts of the benchmark that `--only` can select. */
export type Section = 'push' | 'memory' | 'bulk' | 'fanout';

/** The two sink servers: raw `node:net` (default) or `node:http`. */
export type SinkKind = 'net' | 'http';

const SECTIONS: readonly Section[] = ['push', 'memory', 'bulk', 'fanout'];

/** Everything one run of the harness does, derived from its command line. */
export interface BenchConfig {
  quick: boolean;
  /** Repetitions of the push matrix and of the CLI bulk comparison; the report shows medians. */
  repeat: number;
  sections: ReadonlySet<Section>;
  sink: SinkKind;
  /** Runs only the profiled autobahnpush scenario and prints its top functions. */
  profile: boolean;
  /** File that receives the raw results as JSON, if given. */
  jsonFile: string | undefined;
  /** Results file of an earlier full run to write docs/benchmarks.md from, without measuring. */
  renderFile: string | undefined;
  /** Whether to write docs/benchmarks.md: full mode with every section. */
  writeDoc: boolean;
  kinds: readonly ClientKind[];
  concurrencies: readonly number[];
  /** Maximum keep-alive sockets of every client except naive in the push matrix. */
  connections: number;
  /** Measured pushes per push scenario at concurrency `c`. */
  pushesAt(concurrency: number): number;
  /** Warm-up pushes per push scenario. */
  warmup: number;
  memory: { concurrency: number; checkpoints: number[] };
  bulk: { lines: number; concurrency: number };
  fanout: { concurrency: number; cases: { subscribers: number; pushes: number }[]; warmup: number };
}

const USAGE = `Usage: node dist/main.js [options]

  --quick, BENCH_QUICK=1   small counts (about 2,000 pushes per scenario), for CI; never
                           writes docs/benchmarks.md
  --repeat N               repetitions of the push matrix and of the CLI bulk
                           comparison, reported as medians (default 3, or 1 with --quick)
  --only LIST              comma-separated sections to run: ${SECTIONS.join(', ')}
                           (docs/benchmarks.md is written only when all of them run)
  --sink net|http          the sink server: net (default) is a minimal HTTP responder on
                           node:net; http is node:http, which costs the sink more CPU
                           per request than the fastest client, so it caps throughput
  --profile                run only autobahnpush at concurrency 64 under --cpu-prof and
                           print its top self-time functions
  --json FILE              also write the raw results to FILE as JSON
  --render FILE            measure nothing: write docs/benchmarks.md from a FILE that
                           --json wrote in an earlier full run
  --help                   print this text`;

/**
 * Parses the harness's command line and `BENCH_QUICK`.
 *
 * @throws {Error} naming the invalid option and the accepted values.
 */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): BenchConfig {
  let quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  let repeat: number | undefined;
  let sections = new Set<Section>(SECTIONS);
  let profile = false;
  let sink: SinkKind = 'net';
  let jsonFile: string | undefined;
  let renderFile: string | undefined;
  let selectedSections = false;

  for (let index = 0; index < argv.length; index += 1) {
    const option = argv[index];
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined) {
        throw new Error(`Missing value after ${option}.\n\n${USAGE}`);
      }
      index += 1;
      return next;
    };
    switch (option) {
      case '--':
        // `pnpm bench -- --quick` passes the separator on; the options follow it.
        break;
      case '--quick':
        quick = true;
        break;
      case '--repeat': {
        const text = value();
        repeat = Number(text);
        if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) {
          throw new Error(`Invalid --repeat ${text}: pass an integer from 1 to 20.`);
        }
        break;
      }
      case '--only':
        sections = parseSections(value());
        selectedSections = true;
        break;
      case '--sink': {
        const text = value();
        if (text !== 'net' && text !== 'http') {
          throw new Error(`Invalid --sink ${text}: use net or http.`);
        }
        sink = text;
        break;
      }
      case '--profile':
        profile = true;
        break;
      case '--json':
        jsonFile = value();
        break;
      case '--render':
        renderFile = value();
        break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${option}.\n\n${USAGE}`);
    }
  }

  return {
    quick,
    repeat: repeat ?? (quick ? 1 : 3),
    sections,
    sink,
    profile,
    jsonFile,
    renderFile,
    writeDoc: !quick && !profile && !selectedSections,
    kinds: CLIENT_KINDS,
    concurrencies: [1, 16, 64, 256],
    connections: 32,
    pushesAt: (concurrency) => pushesAt(quick, concurrency),
    warmup: quick ? 200 : 5_000,
    memory: {
      concurrency: 64,
      checkpoints: quick ? [2_000, 10_000, 20_000] : [10_000, 50_000, 100_000, 150_000, 200_000],
    },
    bulk: { lines: quick ? 2_000 : 100_000, concurrency: 64 },
    fanout: {
      concurrency: 16,
      warmup: quick ? 20 : 200,
      cases: quick
        ? [
            { subscribers: 1, pushes: 1_000 },
            { subscribers: 100, pushes: 100 },
          ]
        : [
            { subscribers: 1, pushes: 20_000 },
            { subscribers: 100, pushes: 2_000 },
            { subscribers: 1_000, pushes: 200 },
          ],
    },
  };
}

/** Returns the file of the sink process that `--sink` selects. */
export function sinkScript(sink: SinkKind): string {
  return sink === 'net' ? './net-sink.js' : './http-sink.js';
}

function pushesAt(quick: boolean, concurrency: number): number {
  if (quick) {
    return 2_000;
  }

  return concurrency === 1 ? 20_000 : 100_000;
}

function parseSections(list: string): Set<Section> {
  const names = list.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!SECTIONS.includes(name as Section)) {
      throw new Error(`Invalid section "${name}" in --only: use ${SECTIONS.join(', ')}.`);
    }
  }

  return new Set(names as Section[]);
}
