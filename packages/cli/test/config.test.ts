import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toClientOptions } from '../src/client-options.js';
import { type ConnectionFlagValues, resolveConnection } from '../src/config.js';
import { UsageError } from '../src/errors.js';

const URL_FLAG = { url: ['http://127.0.0.1:8080/publish'] };

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'autobahnpush-config-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function usageErrorOf(values: ConnectionFlagValues, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await resolveConnection(values, env, folder);
  } catch (error) {
    if (error instanceof UsageError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('resolveConnection accepted the values');
}

describe('resolveConnection', () => {
  it('applies defaults', async () => {
    expect(await resolveConnection(URL_FLAG, {}, folder)).toEqual({
      urls: ['http://127.0.0.1:8080/publish'],
      protocol: 'crossbar',
      credentials: undefined,
      timeout: undefined,
      headers: {},
      maxBodyBytes: undefined,
      retries: undefined,
      pipelining: undefined,
      verbose: false,
      warnings: [],
    });
  });

  it('ignores empty environment variables', async () => {
    const connection = await resolveConnection(URL_FLAG, { AUTOBAHNPUSH_KEY: '', AUTOBAHNPUSH_SECRET: '', AUTOBAHNPUSH_PROTOCOL: '' }, folder);

    expect(connection.credentials).toBeUndefined();
    expect(connection.protocol).toBe('crossbar');
  });

  it('drops one trailing newline of a secret file', async () => {
    const file = join(folder, 'crlf.txt');
    await writeFile(file, 's3cret \r\n');
    const connection = await resolveConnection({ ...URL_FLAG, key: 'k', 'secret-file': file }, {}, folder);

    expect(connection.credentials).toEqual({ key: 'k', secret: 's3cret ' });
  });

  it('parses headers', async () => {
    const connection = await resolveConnection({ ...URL_FLAG, header: ['Authorization: Bearer a:b', 'X-Trace:1'] }, {}, folder);

    expect(connection.headers).toEqual({ Authorization: 'Bearer a:b', 'X-Trace': '1' });
  });

  it('rejects a header without name', async () => {
    expect(await usageErrorOf({ ...URL_FLAG, header: ['Bearer token'] })).toBe(
      'Invalid --header: it has no "Name:" part; write it as "Name: value", for example --header "Authorization: Bearer TOKEN".',
    );
  });

  it.each(['Host', 'content-length', 'Content-Type', 'Transfer-Encoding'])('rejects the reserved header %s', async (name) => {
    expect(await usageErrorOf({ ...URL_FLAG, header: [`${name}: x`] })).toBe(
      `Invalid header name "${name}": use a valid HTTP token other than content-type, ` +
        'content-length, host, transfer-encoding, which the client sets itself.',
    );
  });

  it('rejects a header name with a space', async () => {
    expect(await usageErrorOf({ ...URL_FLAG, header: ['X Trace: 1'] })).toBe(
      'Invalid header name "X Trace": use a valid HTTP token other than content-type, ' +
        'content-length, host, transfer-encoding, which the client sets itself.',
    );
  });

  it('rejects --secret with --secret-file', async () => {
    expect(await usageErrorOf({ ...URL_FLAG, key: 'k', secret: 's', 'secret-file': 'f' })).toBe(
      'Both --secret and --secret-file were given: pass only --secret-file.',
    );
  });

  it('rejects an empty secret file', async () => {
    const file = join(folder, 'empty.txt');
    await writeFile(file, '\n');

    expect(await usageErrorOf({ ...URL_FLAG, key: 'k', 'secret-file': file })).toBe(
      `The --secret-file ${JSON.stringify(file)} is empty: write the secret into it.`,
    );
  });

  it('rejects a secret without key', async () => {
    expect(await usageErrorOf(URL_FLAG, { AUTOBAHNPUSH_SECRET: 's' })).toBe(
      'A secret was given without a key: pass --key or set AUTOBAHNPUSH_KEY, or remove the secret for an unsigned endpoint.',
    );
  });

  it('rejects credentials in the URL', async () => {
    expect(await usageErrorOf({ url: ['http://user:pass@127.0.0.1/publish'] })).toBe(
      'Invalid --url: it contains a user name or password, which would be sent in clear; remove them and use --key with a secret, or --header.',
    );
  });

  it('suggests the appliance path for the appliance', async () => {
    expect(await usageErrorOf({ protocol: 'appliance' })).toBe(
      'Missing push URL: pass --url http://127.0.0.1:8080/push or set AUTOBAHNPUSH_URL.',
    );
  });

  it('maps --retries 0 to no retries', async () => {
    const connection = await resolveConnection({ ...URL_FLAG, retries: '0' }, {}, folder);

    expect(connection.retries).toBe(0);
  });

  it('rejects --retries over 10', async () => {
    expect(await usageErrorOf({ ...URL_FLAG, retries: '11' })).toBe(
      'Invalid --retries "11": pass a number of retries, an integer from 0 to 10.',
    );
  });

  it('rejects --pipelining 0', async () => {
    expect(await usageErrorOf({ ...URL_FLAG, pipelining: '0' })).toBe(
      'Invalid --pipelining "0": pass a number of requests, an integer from 1 to 1024.',
    );
  });
});

describe('toClientOptions', () => {
  it('maps every setting onto core options', async () => {
    const connection = await resolveConnection(
      {
        ...URL_FLAG,
        key: 'k',
        secret: 's',
        timeout: '500',
        'max-body-bytes': '1000',
        retries: '0',
        pipelining: '1',
        header: ['X-A: 1'],
      },
      {},
      folder,
    );
    const { logger, ...options } = toClientOptions(connection, 8, () => {});

    expect(options).toEqual({
      protocol: 'crossbar',
      headers: { 'X-A': '1' },
      connections: 8,
      maxInFlight: 8,
      key: 'k',
      secret: 's',
      timeout: 500,
      maxBodyBytes: 1000,
      retry: false,
      pipelining: 1,
    });
    expect(logger).toBeUndefined();
  });

  it('passes log lines with --verbose, except final failures', async () => {
    const connection = await resolveConnection({ ...URL_FLAG, verbose: true, retries: '3' }, {}, folder);
    const lines: string[] = [];
    const options = toClientOptions(connection, 1, (line) => lines.push(line));
    options.logger?.warn('retrying');
    options.logger?.debug('sent');
    options.logger?.error('failed');

    expect(options.retry).toEqual({ retries: 3 });
    expect(lines).toEqual(['retrying', 'sent']);
  });
});
