/**
 * Child process, started with `--expose-gc`, that sends signed pushes through one
 * `autobahnpush` client and reads heap and RSS after a forced GC at fixed push counts.
 */
import { createPushClient, runConcurrently } from './push-clients.js';
import type { ClientSettings } from './push-clients.js';
import { readSpec, sendToParent } from './processes.js';

/** Settings of the memory scenario. */
export interface MemorySpec extends ClientSettings {
  /** Push counts after which memory is read, ascending; the last is the total. */
  checkpoints: number[];
}

/** Memory after a forced GC once `pushes` pushes have settled. */
export interface MemoryReading {
  pushes: number;
  heapUsedBytes: number;
  rssBytes: number;
}

/** Result of the memory scenario. */
export interface MemoryResult {
  concurrency: number;
  readings: MemoryReading[];
  errors: number;
  firstError: string | undefined;
}

const spec = readSpec<MemorySpec>();
const collectGarbage = globalThis.gc;
if (collectGarbage === undefined) {
  throw new Error('global.gc is missing: start memory-scenario.js with --expose-gc.');
}

const client = createPushClient('autobahnpush', spec);
const readings: MemoryReading[] = [];
let done = 0;
let errors = 0;
let firstError: string | undefined;
for (const checkpoint of spec.checkpoints) {
  const outcome = await runConcurrently(client, done, checkpoint - done, spec.concurrency);
  done = checkpoint;
  errors += outcome.errors;
  firstError ??= outcome.firstError;
  // Two passes, so that objects freed by finalizers of the first pass are gone too.
  collectGarbage();
  collectGarbage();
  const memory = process.memoryUsage();
  readings.push({ pushes: done, heapUsedBytes: memory.heapUsed, rssBytes: memory.rss });
}
await client.close();

const result: MemoryResult = { concurrency: spec.concurrency, readings, errors, firstError };
await sendToParent(result);
