import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitForOutput } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

const LINES = 10_000;
const BODY_LIMIT = 256;
const MALFORMED = new Map([
  [10, '{"n":10,\n'],
  [5_000, 'not json\n'],
  [7_000, '{"n":7000}}\r\n'],
]);
const OVERSIZED = [20, 6_000, LINES];

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'autobahnpush-bulk-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Line `n` of the 10,000-line input: the last one has no newline. */
function inputLine(n: number): string {
  const end = n === LINES ? '' : '\n';
  const malformed = MALFORMED.get(n);
  if (malformed !== undefined) {
    return malformed;
  }
  if (OVERSIZED.includes(n)) {
    return `{"n":${n},"pad":"${'x'.repeat(BODY_LIMIT)}"}${end}`;
  }

  return `{"n":${n}}${end}`;
}

function failureLinesOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('Line '))
    .map((line) => /^Line \d+ failed \([A-Z_]+\)/.exec(line)?.[0] ?? line);
}

describe('bulk push of 10,000 lines', () => {
  let limited: RecordingRouter;
  let unlimited: RecordingRouter;

  beforeAll(async () => {
    limited = await startRecordingRouter({ postBodyLimit: BODY_LIMIT });
    unlimited = await startRecordingRouter();
  });

  afterAll(async () => {
    await Promise.all([limited.close(), unlimited.close()]);
  });

  // Two runs of 10,000 pushes took up to 30 s on a busy two-core machine, over the default limit.
  it('re-runs exactly the failed lines', async () => {
    const input = join(folder, 'events.ndjson');
    const lines = Array.from({ length: LINES }, (_, index) => inputLine(index + 1));
    await writeFile(input, lines.join(''));

    const first = await runCli(['push', 'com.example.bulk', '--ndjson', input, '--url', limited.router.publishUrl, '--json']);
    const expectedFailures = [
      { line: 10, code: 'ERR_INVALID_JSON' },
      { line: 20, code: 'ERR_PAYLOAD_TOO_LARGE' },
      { line: 5_000, code: 'ERR_INVALID_JSON' },
      { line: 6_000, code: 'ERR_PAYLOAD_TOO_LARGE' },
      { line: 7_000, code: 'ERR_INVALID_JSON' },
      { line: LINES, code: 'ERR_PAYLOAD_TOO_LARGE' },
    ];
    const summary = JSON.parse(first.stdout);

    expect(first.code).toBe(1);
    expect(summary).toMatchObject({
      ok: false,
      sent: LINES - 6,
      failed: 6,
      skipped: 0,
      failedFile: `${input}.failed.ndjson`,
      interrupted: false,
      lastLine: LINES,
    });
    expect(summary.failures.map(({ line, code }: { line: number; code: string }) => ({ line, code }))).toEqual(expectedFailures);
    expect(failureLinesOf(first.stderr)).toEqual(expectedFailures.map(({ line, code }) => `Line ${line} failed (${code})`));
    expect(await readFile(`${input}.failed.ndjson`, 'utf8')).toBe(expectedFailures.map(({ line }) => inputLine(line)).join(''));
    expect(limited.publications).toHaveLength(LINES - 6);
    expect(new Set(limited.publications.map((event) => (event.args[0] as { n: number }).n)).size).toBe(LINES - 6);

    const rerun = await runCli([
      'push',
      'com.example.bulk',
      '--ndjson',
      `${input}.failed.ndjson`,
      '--url',
      unlimited.router.publishUrl,
      '--json',
    ]);

    expect(rerun.code).toBe(1);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ sent: 3, failed: 3, lastLine: 6 });
    expect(unlimited.publications.map((event) => (event.args[0] as { n: number }).n).sort((a, b) => a - b)).toEqual(OVERSIZED);
    expect(await readFile(`${input}.failed.ndjson.failed.ndjson`, 'utf8')).toBe([...MALFORMED.values()].join(''));
  }, 120_000);
});

describe('bulk push', () => {
  let router: RecordingRouter;

  beforeEach(async () => {
    router = await startRecordingRouter({ key: 'foobar', secret: 'bulk-secret' });
  });

  afterEach(async () => {
    await router.close();
  });

  it('sends publication objects from stdin', async () => {
    const failed = join(folder, 'stdin.failed.ndjson');
    const input = [
      '{"topic":"com.example.a","args":[1],"kwargs":{"k":1},"options":{"exclude":[5]}}',
      '',
      '{"topic":"denied.b","args":[2]}',
      '{"args":[3]}',
      '{"topic":"com.example.c"}',
      '',
    ].join('\n');
    const result = await runCli(['push', '--ndjson', '-', '--failed', failed, '--url', router.router.publishUrl, '--key', 'foobar'], {
      input,
      env: { AUTOBAHNPUSH_SECRET: 'bulk-secret' },
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^Sent 2, failed 2 in \\d+\\.\\d\\d s \\(\\d+ lines/s\\)\\. Skipped 1 blank lines\\. Failed lines are in ${failed.replaceAll('.', '\\.')}\\.\\n$`),
    );
    expect(failureLinesOf(result.stderr)).toEqual(['Line 3 failed (ERR_REJECTED)', 'Line 4 failed (ERR_INVALID_LINE)']);
    expect(await readFile(failed, 'utf8')).toBe('{"topic":"denied.b","args":[2]}\n{"args":[3]}\n');
    const received = router.publications.map(({ topic, args, kwargs, options }) => ({ topic, args, kwargs, options }));

    // Concurrent pushes may reach the router in any order.
    expect(received.sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
      { topic: 'com.example.a', args: [1], kwargs: { k: 1 }, options: { exclude: [5] } },
      { topic: 'com.example.c', args: [], kwargs: {}, options: {} },
    ]);
  });

  it('stops reading on SIGINT', async () => {
    const failed = join(folder, 'interrupted.failed.ndjson');
    const child = startCli(['push', 'com.example.i', '--ndjson', '-', '--failed', failed, '--url', router.router.publishUrl, '--key', 'foobar', '--json'], {
      input: '1\n2\n{bad\n',
      keepStdinOpen: true,
      env: { AUTOBAHNPUSH_SECRET: 'bulk-secret' },
    });
    const done = finished(child);
    await waitForOutput(child.stderr, /^Line 3 failed \(ERR_INVALID_JSON\)/m);
    while (router.publications.length < 2) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    const result = await done;

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, sent: 2, failed: 1, interrupted: true, lastLine: 3 });
    expect(await readFile(failed, 'utf8')).toBe('{bad\n');
  });

  it('sends events to the appliance with exclude', async () => {
    const input = join(folder, 'appliance.ndjson');
    await writeFile(input, '{"a":1}\n[2]\n"three"\n');
    const result = await runCli(
      ['push', 'http://example.com/feed', '--ndjson', input, '--protocol', 'appliance', '--exclude', 'abc', '--url', router.router.pushUrl, '--key', 'foobar', '--json'],
      { env: { AUTOBAHNPUSH_SECRET: 'bulk-secret' } },
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, sent: 3, failed: 0 });
    // Concurrent pushes may reach the router in any order.
    const received = router.publications.map(({ topic, args, options, source }) => ({ topic, args, options, source }));
    const byArgs = (a: { args: readonly unknown[] }, b: { args: readonly unknown[] }) =>
      JSON.stringify(a.args).localeCompare(JSON.stringify(b.args));

    expect(received.sort(byArgs)).toEqual(
      ['{"a":1}', '[2]', '"three"'].sort().map((json) => ({
        topic: 'http://example.com/feed',
        args: [JSON.parse(json)],
        options: { exclude: ['abc'] },
        source: 'appliance',
      })).sort(byArgs),
    );
  });

  it('refuses the input as failed file', async () => {
    const input = join(folder, 'same.ndjson');
    await writeFile(input, '1\n');
    const result = await runCli(['push', 'com.example.a', '--ndjson', input, '--failed', input, '--url', router.router.publishUrl]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`The --failed file ${JSON.stringify(input)} is the input file: pass another path.\n`);
  });

  it('requires --failed for stdin', async () => {
    const result = await runCli(['push', '--ndjson', '-', '--url', router.router.publishUrl], { input: '{}' });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Missing --failed FILE: it is required when the input is stdin (--ndjson -).\n');
  });

  it('reports a missing input file', async () => {
    const result = await runCli(['push', 'com.example.a', '--ndjson', join(folder, 'nope.ndjson'), '--url', router.router.publishUrl]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Cannot read --ndjson ".*nope\.ndjson" \(ENOENT: no such file or directory.*\): check the path, or pass - to read stdin\.\n$/);
  });

  it('re-sends lines after wrong secret', async () => {
    const input = join(folder, 'secret.ndjson');
    const lines = Array.from({ length: 50 }, (_, index) => `{"i":${index}}\n`);
    await writeFile(input, lines.join(''));

    const wrong = await runCli(['push', 'com.example.s', '--ndjson', input, '--url', router.router.publishUrl, '--key', 'foobar', '--quiet'], {
      env: { AUTOBAHNPUSH_SECRET: 'wrong' },
    });

    expect(wrong.code).toBe(1);
    expect(failureLinesOf(wrong.stderr)).toEqual(lines.map((_, index) => `Line ${index + 1} failed (ERR_UNAUTHORIZED)`));
    expect(await readFile(`${input}.failed.ndjson`, 'utf8')).toBe(lines.join(''));

    const fixed = await runCli(['push', 'com.example.s', '--ndjson', `${input}.failed.ndjson`, '--url', router.router.publishUrl, '--key', 'foobar'], {
      env: { AUTOBAHNPUSH_SECRET: 'bulk-secret' },
    });

    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).toMatch(/^Sent 50, failed 0 in /);
    expect(router.publications.map((event) => event.args[0])).toHaveLength(50);
    expect(existsSync(`${input}.failed.ndjson.failed.ndjson`)).toBe(false);
  });

  it('removes stale failed file', async () => {
    const input = join(folder, 'clean.ndjson');
    await writeFile(input, '1\n2\n');
    await writeFile(`${input}.failed.ndjson`, 'old\n');
    const result = await runCli(['push', 'com.example.s', '--ndjson', input, '--url', router.router.publishUrl, '--key', 'foobar'], {
      env: { AUTOBAHNPUSH_SECRET: 'bulk-secret' },
    });

    expect(result.code).toBe(0);
    expect(existsSync(`${input}.failed.ndjson`)).toBe(false);
  });
});

describe('bulk concurrency', () => {
  let server: Server;
  let url: string;
  let pending: ServerResponse[] = [];
  let received = 0;
  let maxPending = 0;

  beforeAll(async () => {
    // Holds responses until three requests wait, so the maximum in flight is observable.
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on('end', () => {
        received += 1;
        pending.push(response);
        maxPending = Math.max(maxPending, pending.length);
        if (pending.length === 3 || received === 20) {
          for (const waiting of pending) {
            waiting.writeHead(200, { 'content-type': 'application/json' }).end(`{"id":${received}}`);
          }
          pending = [];
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('caps pushes in flight', async () => {
    const input = join(folder, 'concurrency.ndjson');
    await writeFile(input, Array.from({ length: 20 }, (_, index) => `${index}\n`).join(''));
    const result = await runCli(['push', 'com.example.c', '--ndjson', input, '--concurrency', '3', '--url', url, '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, sent: 20, failed: 0, failedFile: null, failures: [] });
    expect(received).toBe(20);
    expect(maxPending).toBe(3);
  });
});
