import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

const SECRET = 'configuration-test-secret';
const WARNING =
  'Warning: --secret leaves the secret in your shell history and in the process list; set AUTOBAHNPUSH_SECRET or use --secret-file instead.\n';

let signed: RecordingRouter;
let folder: string;

beforeAll(async () => {
  signed = await startRecordingRouter({ key: 'foobar', secret: SECRET });
  folder = await mkdtemp(join(tmpdir(), 'autobahnpush-cli-'));
});

afterAll(async () => {
  await signed.close();
  await rm(folder, { recursive: true, force: true });
});

describe('configuration', () => {
  it('reads URL, key, secret and protocol from the environment', async () => {
    const result = await runCli(['push', 'http://example.com/env', '{"env":true}'], {
      env: {
        AUTOBAHNPUSH_URL: signed.router.pushUrl,
        AUTOBAHNPUSH_KEY: 'foobar',
        AUTOBAHNPUSH_SECRET: SECRET,
        AUTOBAHNPUSH_PROTOCOL: 'appliance',
      },
    });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('accepted\n');
    expect(signed.publications.at(-1)?.args).toEqual([{ env: true }]);
  });

  it('lets flags win over the environment', async () => {
    const result = await runCli(['push', 'com.example.flags', '1', '--url', signed.router.publishUrl, '--protocol', 'crossbar'], {
      env: {
        AUTOBAHNPUSH_URL: 'http://127.0.0.1:9/wrong',
        AUTOBAHNPUSH_KEY: 'foobar',
        AUTOBAHNPUSH_SECRET: SECRET,
        AUTOBAHNPUSH_PROTOCOL: 'appliance',
      },
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${signed.publications.at(-1)?.publicationId}\n`);
  });

  it('fails over to the next --url', async () => {
    const result = await runCli(
      ['push', 'com.example.failover', '1', '--url', 'http://127.0.0.1:9/publish', '--url', signed.router.publishUrl, '--key', 'foobar'],
      { env: { AUTOBAHNPUSH_SECRET: SECRET } },
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${signed.publications.at(-1)?.publicationId}\n`);
    expect(signed.publications.at(-1)?.topic).toBe('com.example.failover');
  });

  it('reads several URLs from the environment', async () => {
    const result = await runCli(['push', 'com.example.failover-env', '1', '--key', 'foobar'], {
      env: { AUTOBAHNPUSH_SECRET: SECRET, AUTOBAHNPUSH_URL: `http://127.0.0.1:9/publish, ${signed.router.publishUrl}` },
    });

    expect(result.code).toBe(0);
    expect(signed.publications.at(-1)?.topic).toBe('com.example.failover-env');
  });

  it('names the variable of an invalid environment value', async () => {
    const result = await runCli(['push', 'com.example.a', '1'], { env: { AUTOBAHNPUSH_URL: 'not a url' } });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Invalid AUTOBAHNPUSH_URL "not a url": pass the absolute http or https URL of the push endpoint, for example http://127.0.0.1:8080/publish.\n',
    );
  });

  it('reads the secret from --secret-file', async () => {
    const file = join(folder, 'secret.txt');
    await writeFile(file, `${SECRET}\n`);
    const result = await runCli(['push', 'com.example.file', '1', '--url', signed.router.publishUrl, '--key', 'foobar', '--secret-file', file]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('reports an unreadable --secret-file', async () => {
    const result = await runCli(['push', 'com.example.a', '1', '--url', signed.router.publishUrl, '--key', 'k', '--secret-file', join(folder, 'missing')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Cannot read --secret-file ".*missing" \(ENOENT: no such file or directory.*\): check the path and its permissions\.\n$/);
  });

  it('warns when --secret is given', async () => {
    const result = await runCli(['push', 'com.example.flag', '1', '--url', signed.router.publishUrl, '--key', 'foobar', '--secret', SECRET]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(WARNING);
  });

  it('never prints the secret', async () => {
    const runs = await Promise.all([
      runCli(['push', 'com.example.a', '1', '--url', signed.router.publishUrl, '--key', 'wrong', '--secret', SECRET, '--json']),
      runCli(['push', 'denied.a', '1', '--url', signed.router.publishUrl, '--key', 'foobar', '--secret', SECRET, '--json']),
      runCli(['sign', 'com.example.a', '1', '--url', signed.router.publishUrl, '--key', 'foobar', '--secret', SECRET, '--show-secrets', '--json']),
      runCli(['push', 'com.example.a', '1', '--url', signed.router.publishUrl, '--key', 'foobar', '--secret', SECRET, '--dry-run', '--show-secrets']),
    ]);

    expect(runs.map((run) => run.code)).toEqual([1, 1, 0, 0]);
    for (const run of runs) {
      expect(run.stdout).not.toContain(SECRET);
      expect(run.stderr).not.toContain(SECRET);
    }
  });

  it('turns colour off with NO_COLOR', async () => {
    const result = await runCli(['push', 'com.example.a', '1'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });

    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('\x1b[');
  });

  it('colours errors with FORCE_COLOR', async () => {
    const result = await runCli(['push', 'com.example.a', '1'], { env: { FORCE_COLOR: '1' } });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('\x1b[31mMissing push URL: pass --url http://127.0.0.1:8080/publish or set AUTOBAHNPUSH_URL.\x1b[39m\n');
  });

  it('writes plain text to a pipe', async () => {
    const result = await runCli(['push', 'com.example.a', '1']);

    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('\x1b[');
  });
});
