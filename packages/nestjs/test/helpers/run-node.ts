import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Absolute path of a file under test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** Runs a fixture with Node.js from the package root and returns its stdout. */
export async function runFixture(name: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [fixture(name), ...args], {
    cwd: packageRoot,
    timeout: 15_000,
  });

  return stdout;
}

/** A running fixture whose stdout is parsed as JSON lines. */
export interface RunningFixture {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  /** Resolves once a line matching `predicate` has been printed. */
  line(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a fixture that prints one JSON object per line. */
export function startFixture(name: string, args: string[]): RunningFixture {
  const child = spawn(process.execPath, [fixture(name), ...args], {
    cwd: packageRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      for (const waiter of waiters.filter((entry) => entry.predicate(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
      newline = buffered.indexOf('\n');
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });

  return {
    child,
    lines,
    line(predicate) {
      const found = lines.find(predicate);
      if (found !== undefined) {
        return Promise.resolve(found);
      }

      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    exited,
  };
}
