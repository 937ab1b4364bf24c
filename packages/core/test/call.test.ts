import { afterEach, describe, expect, it } from 'vitest';
import {
  type AutobahnPushError,
  type CallFailedError,
  Client,
  type ClientOptions,
  verifyCrossbarSignature,
} from '../src/index.js';
import { type ScriptedServer, type Step, json, resetAfterRead, startScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: Client;
const seen: { url: string; body: string }[] = [];

afterEach(async () => {
  await client.close();
  await server.close();
  seen.length = 0;
});

function recording(step: Step): Step {
  return (request, body, response) => {
    seen.push({ url: request.url ?? '', body: body.toString() });
    step(request, body, response);
  };
}

async function setUp(steps: Step[], options: ClientOptions = { callUrl: true }): Promise<Client> {
  server = await startScriptedServer(steps.map(recording));
  client = new Client(`${server.url}/bridge/publish`, { key: 'call-key', secret: 'call-secret', ...options });

  return client;
}

describe('client.call', () => {
  it('sends a signed Caller request to the /call sibling', async () => {
    await setUp([json(200, { args: [3], kwargs: { unit: 'sum' } })]);

    const result = await client.call('com.myapp.add2', { args: [1, 2], kwargs: { round: true } });

    expect(result).toEqual({ args: [3], kwargs: { unit: 'sum' } });
    const [request] = seen;
    const url = new URL(request!.url, 'http://x');
    expect(url.pathname).toBe('/bridge/call');
    expect(request!.body).toBe('{"procedure":"com.myapp.add2","args":[1,2],"kwargs":{"round":true}}');
    const query = url.searchParams;
    const valid = verifyCrossbarSignature(
      'call-secret',
      {
        key: 'call-key',
        timestamp: query.get('timestamp')!,
        seq: query.get('seq')!,
        nonce: query.get('nonce')!,
        body: request!.body,
      },
      query.get('signature')!,
    );
    expect(valid).toBe(true);
  });

  it.each([
    [{ args: [5] }, { args: [5], kwargs: {} }],
    [{ kwargs: { k: 'v' } }, { args: [], kwargs: { k: 'v' } }],
    [{}, { args: [], kwargs: {} }],
  ])('fills in missing members of %j', async (body, expected) => {
    await setUp([json(200, body)]);

    await expect(client.call('com.myapp.proc')).resolves.toEqual(expected);
    expect(seen[0]!.body).toBe('{"procedure":"com.myapp.proc"}');
  });

  it('rejects a callee error with ERR_CALL_FAILED', async () => {
    await setUp([json(200, { error: 'com.example.error', args: ['boom'], kwargs: { at: 1 } })]);

    const error = (await client.call('com.example.fail').catch((caught: unknown) => caught)) as CallFailedError;

    expect(error.code).toBe('ERR_CALL_FAILED');
    expect(error.uri).toBe('com.example.error');
    expect(error.args).toEqual(['boom']);
    expect(error.kwargs).toEqual({ at: 1 });
    expect(error.procedure).toBe('com.example.fail');
    expect(error.message).toContain('com.example.error: boom');
  });

  it('rejects a missing callee with ERR_NO_SUCH_PROCEDURE', async () => {
    await setUp([json(200, { error: 'wamp.error.no_such_procedure', args: [], kwargs: {} })]);

    const error = (await client.call('com.myapp.gone').catch((caught: unknown) => caught)) as CallFailedError;

    expect(error.code).toBe('ERR_NO_SUCH_PROCEDURE');
    expect(error.uri).toBe('wamp.error.no_such_procedure');
  });

  it('never repeats a call once written', async () => {
    await setUp([resetAfterRead, json(200, { args: [1] })], {
      callUrl: true,
      retry: { retries: 3, minDelay: 1, unsafe: true },
    });

    const error = (await client.call('com.myapp.once').catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_NETWORK');
    expect(error.attempts).toBe(1);
    expect(server.requests).toBe(1);
  });

  it('does not repeat a call after a 500', async () => {
    await setUp([json(500, { error: 'wamp.error.runtime_error' }), json(200, { args: [1] })], {
      callUrl: true,
      retry: { retries: 3, minDelay: 1, unsafe: true },
    });

    const error = (await client.call('com.myapp.once').catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_HTTP');
    expect(server.requests).toBe(1);
  });

  it('applies the per-call timeout', async () => {
    await setUp([() => {}]);

    const error = (await client
      .call('com.myapp.slow', {}, { timeout: 100 })
      .catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_TIMEOUT');
    expect(error.message).toContain('timed out after 100 ms');
  });

  it('uses an explicit callUrl', async () => {
    await setUp([json(200, { args: [] })], { callUrl: 'http://placeholder/call' });
    await client.close();
    client = new Client(`${server.url}/publish`, { callUrl: `${server.url}/rpc` });

    await client.call('com.myapp.proc');

    expect(new URL(seen[0]!.url, 'http://x').pathname).toBe('/rpc');
  });

  it('rejects callUrl with the appliance protocol at construction', () => {
    expect(() => new Client('http://127.0.0.1:1/push', { protocol: 'appliance', callUrl: true })).toThrow(
      'Invalid callUrl with protocol "appliance"',
    );
  });

  it.each([
    [false, 'Invalid callUrl false'],
    ['ftp://x/call', 'Invalid callUrl "ftp://x/call"'],
    [[], 'Invalid callUrl list []'],
  ])('names callUrl when it is invalid: %j', (callUrl, message) => {
    expect(() => new Client('http://127.0.0.1:1/publish', { callUrl: callUrl as never })).toThrow(message);
  });

  it.each([
    [{}, 'no Caller URL is configured'],
    [{ protocol: 'appliance' }, 'the appliance protocol has no remote procedure calls'],
  ] as const)('rejects a call with options %j', async (options, message) => {
    await setUp([json(200, { args: [] })], options as ClientOptions);

    const error = (await client.call('com.myapp.proc').catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toContain(message);
    expect(server.requests).toBe(0);
  });

  it.each([
    ['com..bad', undefined, undefined, 'Invalid procedure "com..bad"'],
    ['wamp.session.get', undefined, undefined, 'reserved for the router'],
    ['com.myapp.p', { args: 'x' }, undefined, 'Invalid args "x"'],
    ['com.myapp.p', { kwargs: [1] }, undefined, 'Invalid kwargs'],
    ['com.myapp.p', { options: {} }, undefined, 'Unknown call member "options"'],
    ['com.myapp.p', { args: [10n] }, undefined, 'BigInt'],
    ['com.myapp.p', {}, { timeout: 0 }, 'Invalid timeout 0'],
    ['com.myapp.p', {}, { retry: true }, 'Unknown call option "retry"'],
  ])('rejects procedure %s with bad input (%#)', async (procedure, input, options, message) => {
    await setUp([json(200, { args: [] })]);

    const error = (await client
      .call(procedure, input as never, options as never)
      .catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toContain(message);
  });

  it('derives the sibling of a root-level publisher URL', async () => {
    await setUp([json(200, { args: [] })]);
    await client.close();
    client = new Client(`${server.url}/`, { callUrl: true });

    await client.call('com.myapp.proc');

    expect(new URL(seen[0]!.url, 'http://x').pathname).toBe('/call');
  });
});
