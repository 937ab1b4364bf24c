import type { BenchConfig } from './config.js';
import type { MemoryResult, MemorySpec } from './memory-scenario.js';
import { BENCH_KEY, BENCH_SECRET } from './push-matrix.js';
import { runChild } from './processes.js';

/** Runs the memory scenario in a child process started with `--expose-gc`. */
export function runMemory(config: BenchConfig, sinkUrl: string): Promise<MemoryResult> {
  const spec: MemorySpec = {
    url: sinkUrl,
    concurrency: config.memory.concurrency,
    connections: config.connections,
    key: BENCH_KEY,
    secret: BENCH_SECRET,
    checkpoints: config.memory.checkpoints,
  };

  return runChild<MemoryResult>('./memory-scenario.js', spec, ['--expose-gc']);
}
