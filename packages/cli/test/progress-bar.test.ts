import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../src/shell-quote.js';
import { BIN, cliEnv, runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

const CLEAR_LINE = '\r\x1b[2K';

let recording: RecordingRouter;
let folder: string;
let input: string;

beforeAll(async () => {
  recording = await startRecordingRouter();
  folder = await mkdtemp(join(tmpdir(), 'autobahnpush-pty-'));
  input = join(folder, 'events.ndjson');
  await writeFile(input, Array.from({ length: 500 }, (_, index) => `{"i":${index}}\n`).join(''));
});

afterAll(async () => {
  await recording.close();
  await rm(folder, { recursive: true, force: true });
});

/**
 * Runs the CLI in a pseudo-terminal with `script` from util-linux, which copies everything
 * the terminal shows, stdout and stderr together, to its own stdout. `TERM` is set and `CI`
 * removed because Node's `hasColors()` returns false without `TERM` or with `CI`.
 */
function runInTerminal(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
    env: cliEnv({ TERM: 'xterm-256color', CI: undefined, ...env }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('bulk progress bar', () => {
  it('is drawn on a terminal', async () => {
    const { code, output } = await runInTerminal(['push', 'com.example.pty', '--ndjson', input, '--url', recording.router.publishUrl]);
    const frames = output.split(CLEAR_LINE).filter((frame) => frame.startsWith('['));

    expect(code).toBe(0);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames[0]).toMatch(/^\[ {24}\] {2}0% {2}0 lines {2}0 lines\/s {2}ETA --$/);
    expect(frames.at(-1)).toMatch(/^\[={24}\] {2}100% {2}500 lines {2}\d+ lines\/s {2}ETA 0s$/);
    expect(output).toMatch(new RegExp(`${CLEAR_LINE.replace('[', '\\[')}\\x1b\\[32mSent 500, failed 0 in \\d+\\.\\d\\d s \\(\\d+ lines/s\\)\\.\\x1b\\[39m\\r\\n$`));
  });

  it('is not drawn with --quiet', async () => {
    const { code, output } = await runInTerminal(['push', 'com.example.pty', '--ndjson', input, '--url', recording.router.publishUrl, '--quiet']);

    expect(code).toBe(0);
    expect(output).not.toContain(CLEAR_LINE);
    expect(output.startsWith('\x1b[32mSent 500, failed 0 in ')).toBe(true);
  });

  it('keeps colour off with NO_COLOR', async () => {
    const { code, output } = await runInTerminal(['push', 'com.example.pty', '--ndjson', input, '--url', recording.router.publishUrl], {
      NO_COLOR: '1',
    });

    expect(code).toBe(0);
    expect(output).toContain(CLEAR_LINE);
    expect(output).not.toContain('\x1b[32m');
    expect(output).toContain(`${CLEAR_LINE}Sent 500, failed 0 in `);
  });

  it('is not drawn when stderr is not a terminal', async () => {
    const result = await runCli(['push', 'com.example.pipe', '--ndjson', input, '--url', recording.router.publishUrl]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Sent 500, failed 0 in \d+\.\d\d s \(\d+ lines\/s\)\.\n$/);
  });
});
