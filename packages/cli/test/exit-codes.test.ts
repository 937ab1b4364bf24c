import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

let open: RecordingRouter;
let signed: RecordingRouter;
let limited: RecordingRouter;
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  open = await startRecordingRouter();
  signed = await startRecordingRouter({ key: 'foobar', secret: 'right-secret' });
  limited = await startRecordingRouter({ postBodyLimit: 100 });
  // Accepts connections and never responds, so requests time out.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/publish`;
});

afterAll(async () => {
  await Promise.all([open.close(), signed.close(), limited.close()]);
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe('exit code 1', () => {
  it('for a topic the router rejects', async () => {
    const result = await runCli(['push', 'denied.topic', '1', '--url', open.router.publishUrl, '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, topic: 'denied.topic', error: { code: 'ERR_REJECTED' } });
    expect(result.stderr).toMatch(/^The router rejected the publication to topic "denied.topic" with wamp.error.not_authorized/);
  });

  it('for a wrong secret', async () => {
    const result = await runCli(['push', 'com.example.a', '1', '--url', signed.router.publishUrl, '--json'], {
      env: { AUTOBAHNPUSH_KEY: 'foobar', AUTOBAHNPUSH_SECRET: 'wrong-secret' },
    });

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'ERR_UNAUTHORIZED', status: 401 });
    expect(result.stderr).not.toContain('wrong-secret');
    expect(result.stdout).not.toContain('wrong-secret');
  });

  it('for a body over the router limit', async () => {
    const event = JSON.stringify('x'.repeat(200));
    const result = await runCli(['push', 'com.example.a', event, '--url', limited.router.publishUrl, '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE' });
  });

  it('for a body over --max-body-bytes', async () => {
    const before = open.publications.length;
    const result = await runCli(['push', 'com.example.a', '"abcdef"', '--url', open.router.publishUrl, '--max-body-bytes', '10']);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/over maxBodyBytes \(10\)/);
    expect(open.publications).toHaveLength(before);
  });

  it('for a timeout', async () => {
    const result = await runCli(['push', 'com.example.a', '1', '--url', silentUrl, '--timeout', '300', '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_TIMEOUT');
  });

  it('for a refused connection, after retries', async () => {
    const result = await runCli(['push', 'com.example.a', '1', '--url', 'http://127.0.0.1:9/publish', '--retries', '1', '--verbose']);
    const lines = result.stderr.trim().split('\n');

    expect(result.code).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Push to topic "com\.example\.a" at http:\/\/127\.0\.0\.1:9\/publish failed with ERR_NETWORK on attempt 1; retrying in \d+ ms\.$/);
    expect(lines[1]).toMatch(/^POST http:\/\/127\.0\.0\.1:9\/publish failed: connect ECONNREFUSED/);
  });

  it('for a refused connection', async () => {
    const result = await runCli(['push', 'com.example.a', '1', '--url', 'http://127.0.0.1:9/publish', '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_NETWORK');
    expect(result.stderr).toContain('http://127.0.0.1:9/publish');
  });
});

describe('exit code 2', () => {
  const url = 'http://127.0.0.1:9/publish';
  const cases: { name: string; args: string[]; stderr: string }[] = [
    {
      name: 'missing URL',
      args: ['push', 'com.example.a', '1'],
      stderr: 'Missing push URL: pass --url http://127.0.0.1:8080/publish or set AUTOBAHNPUSH_URL.\n',
    },
    {
      name: 'invalid URL',
      args: ['push', 'com.example.a', '1', '--url', 'ftp://x'],
      stderr:
        'Invalid --url "ftp://x": pass the absolute http or https URL of the push endpoint, for example http://127.0.0.1:8080/publish.\n',
    },
    {
      name: 'invalid JSON event',
      args: ['push', 'com.example.a', 'hello', '--url', url],
      stderr: expect.stringMatching(/^Invalid event "hello": it is not valid JSON \(.*\)\. Quote a text event as JSON, for example '"hello"'\.\n$/) as unknown as string,
    },
    {
      name: 'unknown option',
      args: ['push', 'com.example.a', '1', '--url', url, '--colour'],
      stderr: 'Unknown option --colour for "autobahnpush push": see "autobahnpush push --help".\n',
    },
    {
      name: 'missing option value',
      args: ['push', 'com.example.a', '1', '--url'],
      stderr: 'Missing value for --url: write --url VALUE, or see "autobahnpush push --help".\n',
    },
    {
      name: 'unknown command',
      args: ['pusj'],
      stderr: 'Unknown command "pusj": use one of push, publish, call, subscribe, sign, ping, dev, or see "autobahnpush --help".\n',
    },
    {
      name: 'invalid protocol',
      args: ['push', 'com.example.a', '1', '--url', url, '--protocol', 'mqtt'],
      stderr: 'Invalid --protocol "mqtt": use "crossbar" (Crossbar.io HTTP bridge) or "appliance" (Autobahn.ws appliance push API).\n',
    },
    {
      name: 'invalid timeout',
      args: ['push', 'com.example.a', '1', '--url', url, '--timeout', '0'],
      stderr: 'Invalid --timeout "0": pass a number of milliseconds, an integer from 1 to 2147483647.\n',
    },
    {
      name: 'invalid session ID',
      args: ['push', 'com.example.a', '1', '--url', url, '--exclude', '1,x'],
      stderr: 'Invalid --exclude "1,x": pass comma-separated WAMP session IDs, for example --exclude 1234567,7654321.\n',
    },
    {
      name: 'key without secret',
      args: ['push', 'com.example.a', '1', '--url', url, '--key', 'foobar'],
      stderr: 'Key "foobar" was given without a secret: set AUTOBAHNPUSH_SECRET or pass --secret-file PATH.\n',
    },
    {
      name: 'reserved header',
      args: ['push', 'com.example.a', '1', '--url', url, '--header', 'Host: example.com'],
      stderr:
        'Invalid header name "Host": use a valid HTTP token other than content-type, content-length, host, transfer-encoding, which the client sets itself.\n',
    },
    {
      name: 'reserved header with --dry-run',
      args: ['push', 'com.example.a', '1', '--url', url, '--header', 'Content-Length: 3', '--dry-run'],
      stderr:
        'Invalid header name "Content-Length": use a valid HTTP token other than content-type, content-length, host, transfer-encoding, which the client sets itself.\n',
    },
    {
      name: '--show-secrets without --dry-run',
      args: ['publish', 'com.example.a', '--url', url, '--show-secrets'],
      stderr: 'Option --show-secrets applies only with --dry-run: add --dry-run or remove it.\n',
    },
    {
      name: 'bulk flag without --ndjson',
      args: ['push', 'com.example.a', '1', '--url', url, '--concurrency', '4'],
      stderr: 'Option --concurrency applies only to bulk runs: add --ndjson FILE or remove it.\n',
    },
  ];

  for (const testCase of cases) {
    it(`for ${testCase.name}`, async () => {
      const result = await runCli(testCase.args);

      expect(result.code).toBe(2);
      expect(result.stderr).toEqual(testCase.stderr);
      expect(result.stdout).toBe('');
    });
  }

  it('for an invalid topic, before sending', async () => {
    const before = open.publications.length;
    const result = await runCli(['push', 'com..example', '1', '--url', open.router.publishUrl, '--json']);

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(open.publications).toHaveLength(before);
  });

  it('for an empty stdin', async () => {
    const result = await runCli(['push', 'com.example.a', '-', '--url', url], { input: '' });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^No event on stdin: it was empty\./);
  });
});

describe('exit code 0', () => {
  it('for --help of every command', async () => {
    for (const command of ['push', 'publish', 'call', 'subscribe', 'sign', 'ping', 'dev']) {
      const result = await runCli([command, '--help']);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: autobahnpush ${command} `));
      expect(result.stdout).toMatch(/\nExamples:\n {2}(AUTOBAHNPUSH_SECRET=secret )?autobahnpush /);
    }
  });

  it('for --version', async () => {
    const result = await runCli(['--version']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
