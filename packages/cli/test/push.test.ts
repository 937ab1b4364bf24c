import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { type RecordingRouter, startRecordingRouter } from './support/router.js';

let recording: RecordingRouter;

beforeAll(async () => {
  recording = await startRecordingRouter();
});

afterAll(async () => {
  await recording.close();
});

function lastPublication() {
  return recording.publications.at(-1);
}

describe('push crossbar', () => {
  it('prints the publication ID', async () => {
    const result = await runCli(['push', 'com.example.hello', '{"text":"hi"}', '--url', recording.router.publishUrl]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${lastPublication()?.publicationId}\n`);
    expect(lastPublication()?.topic).toBe('com.example.hello');
    expect(lastPublication()?.args).toEqual([{ text: 'hi' }]);
    expect(lastPublication()?.source).toBe('http');
  });

  it('prints one JSON object with --json', async () => {
    const result = await runCli(['push', 'com.example.hello', '42', '--url', recording.router.publishUrl, '--json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      topic: 'com.example.hello',
      protocol: 'crossbar',
      id: lastPublication()?.publicationId,
    });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('sends exclude and eligible as options', async () => {
    const result = await runCli([
      'push',
      'com.example.hello',
      'null',
      '--url',
      recording.router.publishUrl,
      '--exclude',
      '11,12',
      '--eligible',
      '13',
    ]);

    expect(result.code).toBe(0);
    expect(lastPublication()?.options).toEqual({ exclude: [11, 12], eligible: [13] });
  });

  it('reads the event from stdin without an argument', async () => {
    const result = await runCli(['push', 'com.example.stdin', '--url', recording.router.publishUrl], {
      input: '{"from":"stdin"}\n',
    });

    expect(result.code).toBe(0);
    expect(lastPublication()?.topic).toBe('com.example.stdin');
    expect(lastPublication()?.args).toEqual([{ from: 'stdin' }]);
  });

  it('reads the event from stdin with -', async () => {
    const result = await runCli(['push', 'com.example.dash', '-', '--url', recording.router.publishUrl], {
      input: '[1, 2, 3]',
    });

    expect(result.code).toBe(0);
    expect(lastPublication()?.args).toEqual([[1, 2, 3]]);
  });

  it('sends nothing with --dry-run', async () => {
    const before = recording.publications.length;
    const result = await runCli(['push', 'com.example.dry', '1', '--url', recording.router.publishUrl, '--dry-run']);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/publish\?timestamp=[^&]+&seq=1$/);
    expect(recording.publications).toHaveLength(before);
  });
});

describe('push appliance', () => {
  it('prints accepted', async () => {
    const result = await runCli([
      'push',
      'http://example.com/topic1',
      '{"v":1}',
      '--url',
      recording.router.pushUrl,
      '--protocol',
      'appliance',
    ]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('accepted\n');
    expect(lastPublication()?.topic).toBe('http://example.com/topic1');
    expect(lastPublication()?.args).toEqual([{ v: 1 }]);
    expect(lastPublication()?.source).toBe('appliance');
  });

  it('prints id null with --json', async () => {
    const result = await runCli(
      ['push', 'http://example.com/topic1', '"x"', '--url', recording.router.pushUrl, '--protocol', 'appliance', '--json'],
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      topic: 'http://example.com/topic1',
      protocol: 'appliance',
      id: null,
    });
  });

  it('sends string session IDs in the query', async () => {
    const result = await runCli([
      'push',
      'http://example.com/topic1',
      '1',
      '--url',
      recording.router.pushUrl,
      '--protocol',
      'appliance',
      '--exclude',
      'abc,42',
    ]);

    expect(result.code).toBe(0);
    expect(lastPublication()?.options).toEqual({ exclude: ['abc', '42'] });
  });
});

describe('publish', () => {
  it('sends args, kwargs and options over crossbar', async () => {
    const result = await runCli([
      'publish',
      'com.example.orders',
      '--args',
      '[42, "paid"]',
      '--kwargs',
      '{"total":9.5}',
      '--options',
      '{"exclude":[7]}',
      '--url',
      recording.router.publishUrl,
      '--json',
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      topic: 'com.example.orders',
      protocol: 'crossbar',
      id: lastPublication()?.publicationId,
    });
    expect(lastPublication()?.args).toEqual([42, 'paid']);
    expect(lastPublication()?.kwargs).toEqual({ total: 9.5 });
    expect(lastPublication()?.options).toEqual({ exclude: [7] });
  });

  it('sends one argument over the appliance', async () => {
    const result = await runCli([
      'publish',
      'http://example.com/orders',
      '--args',
      '[{"id":1}]',
      '--url',
      recording.router.pushUrl,
      '--protocol',
      'appliance',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('accepted\n');
    expect(lastPublication()?.args).toEqual([{ id: 1 }]);
  });

  it('rejects kwargs on the appliance with exit code 2', async () => {
    const before = recording.publications.length;
    const result = await runCli([
      'publish',
      'http://example.com/orders',
      '--args',
      '[1]',
      '--kwargs',
      '{"a":1}',
      '--url',
      recording.router.pushUrl,
      '--protocol',
      'appliance',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kwargs');
    expect(recording.publications).toHaveLength(before);
  });

  it('rejects --args that is not an array', async () => {
    const result = await runCli(['publish', 'com.example.a', '--args', '{"a":1}', '--url', recording.router.publishUrl]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('Invalid --args "{\\"a\\":1}": pass a JSON array, for example --args \'[42]\'.\n');
  });
});
