import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { finished, runCli, startCli, waitForOutput } from './support/cli.js';

describe('dev', () => {
  it('prints banner, stops on SIGTERM', async () => {
    const child = startCli(['dev', '--port', '0']);
    const done = finished(child);
    // The banner is complete once its last line has arrived.
    await waitForOutput(child.stdout, /Press Ctrl\+C to stop\.\n/);
    child.kill('SIGTERM');
    const result = await done;
    const base = /^Dev router running on (http:\/\/127\.0\.0\.1:(\d+)), realm realm1\n/.exec(result.stdout);
    const url = base?.[1] as string;

    expect(base).not.toBeNull();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `Dev router running on ${url}, realm realm1`,
        `  WebSocket (WAMP)      ${url.replace('http:', 'ws:')}/ws`,
        `  Publish (crossbar)    ${url}/publish`,
        `  Push (appliance)      ${url}/push`,
        '',
        'Watch a topic:',
        `  autobahnpush subscribe com.example.hello --router ${url.replace('http:', 'ws:')}/ws --realm realm1`,
        'Push to it:',
        `  autobahnpush push com.example.hello '{"text":"hello"}' --url ${url}/publish`,
        '',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('Received SIGTERM; stopping the dev router.\nDev router stopped.\n');
  });

  it('serves signed pushes until SIGINT', async () => {
    const child = startCli(['dev', '--port', '0', '--key', 'foobar', '--json'], { env: { AUTOBAHNPUSH_SECRET: 'dev-secret' } });
    const done = finished(child);
    const [line] = await waitForOutput(child.stdout, /^\{.*\}\n/);
    const started = JSON.parse(line);

    expect(Object.keys(started)).toEqual(['url', 'wsUrl', 'publishUrl', 'pushUrl', 'realm', 'port', 'signed']);
    expect(started).toMatchObject({ realm: 'realm1', signed: true, publishUrl: `http://127.0.0.1:${started.port}/publish` });

    const signed = await runCli(['push', 'com.example.dev', '1', '--url', started.publishUrl, '--key', 'foobar'], {
      env: { AUTOBAHNPUSH_SECRET: 'dev-secret' },
    });
    const unsigned = await runCli(['push', 'com.example.dev', '1', '--url', started.publishUrl]);

    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(/^\d+\n$/);
    expect(unsigned.code).toBe(1);

    child.kill('SIGINT');
    const result = await done;

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Received SIGINT; stopping the dev router.\nDev router stopped.\n');

    const after = await runCli(['push', 'com.example.dev', '1', '--url', started.publishUrl, '--retries', '0', '--json']);

    expect(JSON.parse(after.stdout).error.code).toBe('ERR_NETWORK');
  });

  it('exits with 1 when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const result = await runCli(['dev', '--port', String(port)]);
    blocker.close();

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^The dev router cannot listen on 127\\.0\\.0\\.1:${port} \\(.*\\): pass another --port, or --port 0 for a free one\\.\\n$`),
    );
  });

  it('exits with 2 for a secret without key', async () => {
    const result = await runCli(['dev', '--port', '0'], { env: { AUTOBAHNPUSH_SECRET: 's' } });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'A secret was given without a key: pass --key or set AUTOBAHNPUSH_KEY, or remove the secret to accept unsigned requests.\n',
    );
  });

  it('exits with 2 for an invalid realm', async () => {
    const result = await runCli(['dev', '--port', '0', '--realm', 'a b']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Invalid --realm: expected a WAMP URI such as \'realm1\', got "a b".\n');
  });
});
