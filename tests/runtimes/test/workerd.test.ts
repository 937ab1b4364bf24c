import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { platformSkipReason, type RuntimeBinary, workerdBinary } from './support/runtimes.js';
import { childEnvironment, type Scenario, type SmokeResult, startScenario } from './support/scenario.js';
import { defineSmokeChecks } from './support/smoke-checks.js';

const CONFIG = fileURLToPath(new URL('smoke/workerd.capnp', import.meta.url));

/** The workerd binary and the version it prints, or why it cannot run on this machine. */
function locateWorkerd(): { binary: RuntimeBinary; version: string } | { reason: string } {
  if (platformSkipReason !== undefined) {
    return { reason: platformSkipReason };
  }
  const binary = workerdBinary();
  const probe = spawnSync(binary.path, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`${binary.path} --version failed (${probe.status ?? probe.error}): ${probe.stderr}`);
  }

  return { binary, version: probe.stdout.trim() };
}

/** Reads workerd's control messages until it reports the port of the `http` socket. */
function readListenPort(control: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: control });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
      if (message.event === 'listen' && message.socket === 'http' && message.port !== undefined) {
        // Settle first: close() emits 'close' at once.
        resolve(message.port);
        lines.close();
      }
    });
    lines.on('close', () => reject(new Error('workerd closed its control pipe before it listened.')));
  });
}

const workerd = locateWorkerd();
if ('reason' in workerd) {
  console.warn(`Skipping the Cloudflare workerd check: ${workerd.reason}.`);
}

const label = 'reason' in workerd ? 'workerd' : workerd.version;

describe.skipIf('reason' in workerd)(`smoke worker on ${label}`, () => {
  let scenario: Scenario;
  let result: SmokeResult;
  let server: ChildProcess | undefined;
  let log = '';

  beforeAll(async () => {
    if ('reason' in workerd) {
      return;
    }
    scenario = await startScenario();
    // The config binds 127.0.0.1:0, and --control-fd makes workerd report the port it got.
    server = spawn(workerd.binary.path, ['serve', CONFIG, '--control-fd=3'], {
      env: childEnvironment({}),
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk) => {
      log += chunk;
    });
    server.stderr?.on('data', (chunk) => {
      log += chunk;
    });
    const exited = new Promise<never>((_, reject) => {
      server?.once('exit', (code, signal) => reject(new Error(`workerd exited (${code ?? signal}):\n${log}`)));
    });
    const port = await Promise.race([readListenPort(server.stdio[3] as Readable), exited]);

    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario.config),
    });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`The worker responded with status ${response.status}: ${text}\nworkerd output:\n${log}`);
    }
    result = JSON.parse(text) as SmokeResult;
  });

  afterAll(async () => {
    if (server !== undefined && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await scenario?.close();
  });

  defineSmokeChecks(() => ({ scenario, result }), {
    runtime: { name: 'workerd', version: null },
    coreUrl: undefined,
    nodeTransport: 'ERR_INVALID_ARGUMENT',
  });
});
