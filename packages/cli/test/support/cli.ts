import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the built executable that the tests run. */
export const BIN = fileURLToPath(new URL('../../dist/bin.mjs', import.meta.url));

if (!existsSync(BIN)) {
  throw new Error(`${BIN} is missing: run "pnpm --filter @autobahnpush/cli build" before the tests.`);
}

/** Output of a finished CLI run. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli} and {@link startCli}. */
export interface CliOptions {
  /** Text written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string | Buffer;
  /** Leaves stdin open after `input`, for a test that writes more or interrupts. */
  keepStdinOpen?: boolean;
  /** Variables added to the environment, which has no AUTOBAHNPUSH_* variables of its own. */
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/** Environment of a spawned CLI: the test's own without AUTOBAHNPUSH_* and colour variables. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AUTOBAHNPUSH_') && !['NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS'].includes(name)) {
      env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }

  return env;
}

/** Starts the built CLI with `args` and returns the running child process. */
export function startCli(args: readonly string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: cliEnv(options.env),
    cwd: options.cwd,
    stdio: 'pipe',
  });
  if (options.keepStdinOpen === true) {
    if (options.input !== undefined) {
      child.stdin.write(options.input);
    }
  } else {
    child.stdin.end(options.input);
  }

  return child;
}

/** Runs the built CLI with `args` to its exit and returns its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const child = startCli(args, options);

  return finished(child);
}

/** Waits for `child` to exit and returns its exit code and output. */
export function finished(child: ChildProcess & { stdout: Readable; stderr: Readable }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first match of `pattern` in what `stream` prints from now on. */
export function waitForOutput(
  stream: NodeJS.ReadableStream,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpMatchArray> {
  let text = '';

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.removeListener('data', onData);
      reject(new Error(`Timed out waiting for ${pattern} in output: ${JSON.stringify(text)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match !== null) {
        clearTimeout(timer);
        stream.removeListener('data', onData);
        resolve(match);
      }
    };
    stream.on('data', onData);
  });
}
