/**
 * Child process that runs one push scenario: one client kind at one concurrency against
 * the sink. It warms up, then measures wall time and this process's CPU time over a fixed
 * number of pushes, and sends a {@link PushResult} to the parent.
 */
import { type ClientKind, type ClientSettings, createPushClient, runConcurrently } from './push-clients.js';
import { readSpec, sendToParent } from './processes.js';

/** Settings of one push scenario. */
export interface PushScenarioSpec extends ClientSettings {
  kind: ClientKind;
  /** Pushes before the measurement starts, to warm up the JIT and open the sockets. */
  warmup: number;
  /** Measured pushes. */
  pushes: number;
}

/** Measurement of one push scenario run. */
export interface PushResult {
  kind: ClientKind;
  concurrency: number;
  pushes: number;
  seconds: number;
  pushesPerSecond: number;
  /** User plus system CPU time of the client process per push, in microseconds. */
  cpuMicrosPerPush: number;
  errors: number;
  firstError: string | undefined;
}

const spec = readSpec<PushScenarioSpec>();
const client = createPushClient(spec.kind, spec);

const warmup = await runConcurrently(client, 0, spec.warmup, spec.concurrency);

const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
const measured = await runConcurrently(client, spec.warmup, spec.pushes, spec.concurrency);
const seconds = (performance.now() - startedAt) / 1000;
const cpu = process.cpuUsage(cpuBefore);

await client.close();

const result: PushResult = {
  kind: spec.kind,
  concurrency: spec.concurrency,
  pushes: spec.pushes,
  seconds,
  pushesPerSecond: spec.pushes / seconds,
  cpuMicrosPerPush: (cpu.user + cpu.system) / spec.pushes,
  errors: warmup.errors + measured.errors,
  firstError: warmup.firstError ?? measured.firstError,
};
await sendToParent(result);
