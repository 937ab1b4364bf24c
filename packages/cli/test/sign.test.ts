import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signCrossbarRequest } from '@autobahnpush/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

const SECRET = 'sign-test-secret';
const TIMESTAMP = '2026-12-04T19:36:51.123Z';
const BODY = '{"topic":"com.example.hello","args":[{"text":"hi"}]}';

let signed: RecordingRouter;

beforeAll(async () => {
  signed = await startRecordingRouter({ key: 'foobar', secret: SECRET });
});

afterAll(async () => {
  await signed.close();
});

function signArgs(...extra: string[]): string[] {
  return [
    'sign',
    'com.example.hello',
    '{"text":"hi"}',
    '--url',
    signed.router.publishUrl,
    '--key',
    'foobar',
    '--timestamp',
    TIMESTAMP,
    '--nonce',
    '12345',
    '--seq',
    '7',
    ...extra,
  ];
}

describe('sign', () => {
  it('masks key and signature', async () => {
    const result = await runCli(signArgs(), { env: { AUTOBAHNPUSH_SECRET: SECRET } });
    const url = `${signed.router.publishUrl}?timestamp=${encodeURIComponent(TIMESTAMP)}&seq=7&key=***&nonce=12345&signature=***`;

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `POST ${url}`,
        'content-type: application/json',
        `content-length: ${BODY.length}`,
        '',
        BODY,
        '',
        `curl -X POST '${url}' -H 'content-type: application/json' --data-binary '${BODY}'`,
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('The key, the signature and credential headers are shown as ***; pass --show-secrets to print them.\n');
  });

  it('prints the real signature with --show-secrets', async () => {
    const result = await runCli(signArgs('--show-secrets', '--json'), { env: { AUTOBAHNPUSH_SECRET: SECRET } });
    const signature = signCrossbarRequest(SECRET, { key: 'foobar', timestamp: TIMESTAMP, seq: '7', nonce: '12345', body: BODY });
    const printed = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(Object.keys(printed)).toEqual(['method', 'url', 'headers', 'body', 'curl']);
    expect(printed.method).toBe('POST');
    expect(new URL(printed.url).searchParams.get('signature')).toBe(signature);
    expect(new URL(printed.url).searchParams.get('key')).toBe('foobar');
    expect(printed.headers).toEqual({ 'content-type': 'application/json', 'content-length': String(BODY.length) });
    expect(printed.body).toBe(BODY);
    expect(result.stdout).not.toContain(SECRET);
  });

  it('prints a curl command the router accepts', async () => {
    const result = await runCli(['sign', 'com.example.curl', '"via curl"', '--url', signed.router.publishUrl, '--key', 'foobar', '--show-secrets'], {
      env: { AUTOBAHNPUSH_SECRET: SECRET },
    });
    const curl = result.stdout.trim().split('\n').at(-1) as string;
    const { stdout } = await promisify(execFile)('sh', ['-c', `${curl} --silent --show-error`]);

    expect(JSON.parse(stdout)).toEqual({ id: signed.publications.at(-1)?.publicationId });
    expect(signed.publications.at(-1)?.args).toEqual(['via curl']);
  });

  it('masks appkey and signature of the appliance', async () => {
    const result = await runCli(
      ['sign', 'http://example.com/t', '1', '--url', signed.router.pushUrl, '--protocol', 'appliance', '--key', 'foobar', '--exclude', 'a1', '--json'],
      { env: { AUTOBAHNPUSH_SECRET: SECRET } },
    );
    const url = new URL(JSON.parse(result.stdout).url);

    expect(result.code).toBe(0);
    expect(url.searchParams.get('appkey')).toBe('***');
    expect(url.searchParams.get('signature')).toBe('***');
    expect(url.searchParams.get('topicuri')).toBe('http://example.com/t');
    expect(url.searchParams.get('exclude')).toBe('a1');
  });

  it('masks an Authorization header', async () => {
    const result = await runCli(
      ['sign', 'com.example.a', '1', '--url', signed.router.publishUrl, '--header', 'Authorization: Bearer token-123', '--json'],
    );
    const printed = JSON.parse(result.stdout);

    expect(result.code).toBe(0);
    expect(printed.headers.authorization).toBe('***');
    expect(result.stdout).not.toContain('token-123');
  });

  it('prints an unsigned request without masking', async () => {
    const result = await runCli(['sign', 'com.example.a', '1', '--url', signed.router.publishUrl, '--timestamp', TIMESTAMP]);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`POST ${signed.router.publishUrl}?timestamp=${encodeURIComponent(TIMESTAMP)}&seq=1`);
    expect(result.stderr).toBe('');
  });
});
