/**
 * Entry point of the benchmark harness (`pnpm bench`). It starts the loopback sink and the
 * dev router in their own processes, runs each scenario in a fresh child process, prints
 * the tables, and in full mode writes docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBulk } from './bulk.js';
import { type BenchConfig, parseConfig, sinkScript } from './config.js';
import { renderDoc } from './doc.js';
import { runFanout } from './fanout.js';
import { runMemory } from './memory.js';
import { runProfile } from './profile.js';
import { runPushMatrix } from './push-matrix.js';
import { bulkTable, fanoutTable, memoryTable, pushTable, targetsTable } from './report.js';
import type { BenchResults, RunContext } from './results.js';
import { checkTargets } from './results.js';
import { startService } from './processes.js';

const DOC_PATH = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

interface SinkUsage {
  served: number;
  cpuMicros: number;
}

const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = parseConfig(process.argv.slice(2), process.env);
  if (config.profile) {
    await runProfile(config, log);
    return;
  }
  if (config.renderFile !== undefined) {
    const saved = JSON.parse(readFileSync(config.renderFile, 'utf8')) as BenchResults;
    if (saved.context.mode !== 'full') {
      throw new Error(`${config.renderFile} comes from a ${saved.context.mode} run: render only a full run.`);
    }
    printTables(saved);
    writeDoc(saved);
    return;
  }

  const context = describeRun(config);
  log(`autobahnpush benchmark, ${context.mode} mode: ${context.cores} cores, ${context.cpuModel}, Node.js ${context.node}`);
  const results: BenchResults = {
    context,
    push: undefined,
    sinkCpuMicrosPerRequest: undefined,
    memory: undefined,
    bulk: undefined,
    fanout: undefined,
  };

  if (config.sections.has('push') || config.sections.has('memory')) {
    const sink = await startService<{ url: string }>(sinkScript(config.sink), {});
    try {
      if (config.sections.has('push')) {
        log(`\nPush matrix (${config.repeat} repetitions, ${config.connections} connections):`);
        const before = await sink.request<SinkUsage>({ type: 'usage' });
        results.push = await runPushMatrix(config, sink.ready.url, log);
        const after = await sink.request<SinkUsage>({ type: 'usage' });
        results.sinkCpuMicrosPerRequest = (after.cpuMicros - before.cpuMicros) / (after.served - before.served);
      }
      if (config.sections.has('memory')) {
        log('\nMemory:');
        results.memory = await runMemory(config, sink.ready.url);
      }
    } finally {
      await sink.stop();
    }
  }
  if (config.sections.has('bulk')) {
    log('\nCLI bulk:');
    results.bulk = await runBulk(config, log);
  }
  if (config.sections.has('fanout')) {
    log('\nDev router fan-out:');
    results.fanout = await runFanout(config, log);
  }
  context.loadAtEnd = loadavg()[0]!;
  context.durationSeconds = Math.round((performance.now() - startedAt) / 1000);

  printTables(results);
  if (config.jsonFile !== undefined) {
    writeFileSync(config.jsonFile, `${JSON.stringify({ ...results, targets: checkTargets(results) }, null, 2)}\n`);
  }
  if (config.writeDoc) {
    writeDoc(results);
  }
}

function writeDoc(results: BenchResults): void {
  mkdirSync(dirname(DOC_PATH), { recursive: true });
  writeFileSync(DOC_PATH, renderDoc(results));
  log(`\nWrote ${DOC_PATH}`);
}

function printTables(results: BenchResults): void {
  const sections: [string, string | undefined][] = [
    ['Push throughput and client CPU', pushTable(results)],
    ['Memory after a forced GC', memoryTable(results)],
    ['CLI bulk', bulkTable(results)],
    ['Dev router fan-out', fanoutTable(results)],
  ];
  for (const [title, text] of sections) {
    if (text !== undefined) {
      log(`\n${title}\n\n${text}`);
    }
  }
  if (results.sinkCpuMicrosPerRequest !== undefined) {
    log(`\nSink CPU per request: ${results.sinkCpuMicrosPerRequest.toFixed(1)} µs`);
  }
  log(`\nTargets\n\n${targetsTable(checkTargets(results))}`);
}

function describeRun(config: BenchConfig): RunContext {
  const args = process.argv.slice(2);

  return {
    mode: config.quick ? 'quick' : 'full',
    command: args.length === 0 ? 'pnpm bench' : `pnpm bench ${args.join(' ')}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAtStart: loadavg()[0]!,
    loadAtEnd: Number.NaN,
    revision: describeRevision(),
    connections: config.connections,
    repeat: config.repeat,
    sink: config.sink,
  };
}

/** Returns the commit under test, marked when packages/core has uncommitted changes. */
function describeRevision(): string {
  const git = (...args: string[]): string | undefined => {
    const result = spawnSync('git', args, { cwd: REPOSITORY, encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  const head = git('rev-parse', '--short', 'HEAD');
  if (head === undefined) {
    return 'unknown (not a git checkout)';
  }
  const coreChanges = git('status', '--porcelain', '--', 'packages/core/src', 'packages/core/package.json');

  return coreChanges ? `${head} + uncommitted core changes` : head;
}

await main();
