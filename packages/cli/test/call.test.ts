import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

let recording: RecordingRouter;
let callee: InstanceType<typeof autobahn.Connection>;

beforeAll(async () => {
  recording = await startRecordingRouter();
  callee = new autobahn.Connection({ url: recording.router.wsUrl, realm: recording.router.realm, max_retries: 0 });
  await new Promise<void>((resolve, reject) => {
    callee.onopen = (session) => {
      Promise.all([
        session.register('com.example.add2', (args) => (args?.[0] as number) + (args?.[1] as number)),
        session.register('com.example.fail', () => {
          throw new autobahn.Error('com.example.error.broken', ['it broke'], { at: 1 });
        }),
      ]).then(() => resolve(), reject);
    };
    callee.onclose = (reason) => {
      reject(new Error(`The callee could not join: ${reason}`));

      return true;
    };
    callee.open();
  });
});

afterAll(async () => {
  callee.onclose = () => true;
  callee.close();
  await recording.close();
});

describe('call', () => {
  it('prints the result', async () => {
    const result = await runCli(['call', 'com.example.add2', '--args', '[1, 2]', '--url', recording.router.publishUrl]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"args":[3],"kwargs":{}}\n');
  });

  it('uses --call-url with --json', async () => {
    const result = await runCli([
      'call',
      'com.example.add2',
      '--args',
      '[40, 2]',
      '--call-url',
      `${recording.router.url}/call`,
      '--url',
      'http://127.0.0.1:9/publish',
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, procedure: 'com.example.add2', args: [42], kwargs: {} });
  });

  it('exits with 1 when the callee raises', async () => {
    const result = await runCli(['call', 'com.example.fail', '--url', recording.router.publishUrl, '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, procedure: 'com.example.fail', error: { code: 'ERR_CALL_FAILED' } });
    expect(result.stderr).toContain('com.example.error.broken');
  });

  it('exits with 1 without a callee', async () => {
    const result = await runCli(['call', 'com.example.none', '--url', recording.router.publishUrl, '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('ERR_NO_SUCH_PROCEDURE');
  });

  it('exits with 2 on the appliance', async () => {
    const result = await runCli(['call', 'com.example.add2', '--url', recording.router.pushUrl, '--protocol', 'appliance']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'The appliance protocol has no remote procedure calls: call through a Crossbar.io HTTP bridge Caller with --protocol crossbar.\n',
    );
  });
});

describe('ping', () => {
  it('prints status and URL', async () => {
    const result = await runCli(['ping', '--url', recording.router.publishUrl]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`200 ${recording.router.publishUrl}\n`);
  });

  it('exits with 1 for a path without endpoint', async () => {
    const result = await runCli(['ping', '--url', `${recording.router.url}/nothing`, '--json']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'ERR_HTTP', status: 404 } });
  });
});
