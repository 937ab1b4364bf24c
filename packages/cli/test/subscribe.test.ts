import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { shellQuote } from '../src/shell-quote.js';
import { BIN, cliEnv, finished, runCli, startCli, waitForOutput } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

let recording: RecordingRouter;

beforeAll(async () => {
  recording = await startRecordingRouter();
});

afterAll(async () => {
  await recording.close();
});

describe('subscribe', () => {
  it('prints pushed events until --count', async () => {
    const child = startCli(['subscribe', 'com.example.watch', '--router', recording.router.wsUrl, '--count', '2']);
    const done = finished(child);
    await waitForOutput(child.stderr, /^Subscribed to com\.example\.watch on /m);

    const first = await runCli(['push', 'com.example.watch', '{"text":"one"}', '--url', recording.router.publishUrl]);
    const second = await runCli([
      'publish',
      'com.example.watch',
      '--args',
      '[2]',
      '--kwargs',
      '{"k":"v"}',
      '--url',
      recording.router.publishUrl,
    ]);
    const result = await done;

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        JSON.stringify({ topic: 'com.example.watch', publication: Number(first.stdout), args: [{ text: 'one' }], kwargs: {} }),
        JSON.stringify({ topic: 'com.example.watch', publication: Number(second.stdout), args: [2], kwargs: { k: 'v' } }),
        '',
      ].join('\n'),
    );
    expect(result.stderr).toMatch(/^Subscribed to com\.example\.watch on ws:\/\/127\.0\.0\.1:\d+\/ws \(realm realm1, session \d+\); press Ctrl\+C to stop\.\n$/);
  });

  it('receives a push with a prefix match', async () => {
    const child = startCli(['subscribe', 'com.example', '--match', 'prefix', '--router', recording.router.wsUrl, '--count', '1']);
    const done = finished(child);
    await waitForOutput(child.stderr, /^Subscribed/m);
    const push = await runCli(['push', 'com.example.deep.topic', '"deep"', '--url', recording.router.publishUrl]);

    expect(push.code).toBe(0);

    const result = await done;

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      topic: 'com.example.deep.topic',
      publication: Number(push.stdout),
      args: ['deep'],
      kwargs: {},
    });
  });

  it('receives an appliance push', async () => {
    const child = startCli(['subscribe', 'http://example.com/news', '--router', recording.router.wsUrl, '--count', '1']);
    const done = finished(child);
    await waitForOutput(child.stderr, /^Subscribed/m);
    const push = await runCli(['push', 'http://example.com/news', '{"v":1}', '--url', recording.router.pushUrl, '--protocol', 'appliance']);

    expect(push.code).toBe(0);

    const result = await done;

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      topic: 'http://example.com/news',
      publication: recording.publications.at(-1)?.publicationId,
      args: [{ v: 1 }],
      kwargs: {},
    });
  });

  it('exits quietly when stdout closes', async () => {
    const command = [process.execPath, BIN, 'subscribe', 'com.example.head', '--router', recording.router.wsUrl].map(shellQuote).join(' ');
    const child = spawn('sh', ['-c', `${command} | head -n 1`], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const done = finished(child);
    await waitForOutput(child.stderr, /^Subscribed/m);
    await runCli(['push', 'com.example.head', '1', '--url', recording.router.publishUrl]);
    await runCli(['push', 'com.example.head', '2', '--url', recording.router.publishUrl]);
    const result = await done;

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).args).toEqual([1]);
    expect(result.stderr).toMatch(/^Subscribed to com\.example\.head on .*\n$/);
  });

  it('exits with 0 on SIGINT', async () => {
    const child = startCli(['subscribe', 'com.example.quiet', '--router', recording.router.wsUrl]);
    const done = finished(child);
    await waitForOutput(child.stderr, /^Subscribed/m);
    child.kill('SIGINT');
    const result = await done;

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('exits with 1 when the router is unreachable', async () => {
    const result = await runCli(['subscribe', 'com.example.a', '--router', 'ws://127.0.0.1:9/ws']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Cannot connect to --router ws://127.0.0.1:9/ws: check that the router is running and the URL, including its path, is right.\n',
    );
  });

  it('exits with 1 for an unknown realm', async () => {
    const result = await runCli(['subscribe', 'com.example.a', '--router', recording.router.wsUrl, '--realm', 'other']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('The router has no realm "other": pass the right --realm.\n');
  });

  it('exits with 1 for an invalid topic', async () => {
    const result = await runCli(['subscribe', 'com..example', '--router', recording.router.wsUrl]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^The router rejected the subscription to "com\.\.example" \(wamp\.error\.invalid_uri.*\): check the topic URI\.\n$/);
  });

  it('exits with 2 without a router', async () => {
    const result = await runCli(['subscribe', 'com.example.a']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Missing router URL: pass --router ws://127.0.0.1:8080/ws or set AUTOBAHNPUSH_ROUTER.\n');
  });
});
