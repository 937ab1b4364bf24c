import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AutobahnPushError, Client, verifyCrossbarSignature } from '../src/index.js';
import { type ScriptedServer, json, startScriptedServer } from './support/scripted-server.js';
import { type Subscriber, connectSubscriber } from './support/subscriber.js';

const run = promisify(execFile);

describe('fetch transport through the dev router', () => {
  let router: DevRouter;
  let first: Subscriber;
  let second: Subscriber;
  let client: Client;

  beforeAll(async () => {
    router = await startDevRouter({ key: 'fetch-key', secret: 'fetch-secret' });
    first = await connectSubscriber(router.wsUrl, router.realm, ['com.myapp.fetch']);
    second = await connectSubscriber(router.wsUrl, router.realm, ['com.myapp.fetch']);
    client = new Client(router.publishUrl, { key: 'fetch-key', secret: 'fetch-secret', transport: 'fetch' });
  });

  afterAll(async () => {
    await client.close();
    await first.close();
    await second.close();
    await router.close();
  });

  it('delivers a signed push and honours exclude', async () => {
    const receipt = await client.push('com.myapp.fetch', 'skip second', { exclude: [second.sessionId] });
    await client.push('com.myapp.fetch', 'marker');

    const events = await first.waitForEvents(2);
    await second.waitForEvents(1);
    expect(events.map((event) => event.args[0])).toEqual(['skip second', 'marker']);
    expect(events[0]!.publication).toBe(receipt.id);
    expect(second.events.map((event) => event.args[0])).toEqual(['marker']);
  });

  it('rejects a wrong secret with ERR_UNAUTHORIZED', async () => {
    const wrong = new Client(router.publishUrl, { key: 'fetch-key', secret: 'nope', transport: 'fetch' });

    const error = (await wrong.push('com.myapp.fetch', 1).catch((caught: unknown) => caught)) as AutobahnPushError;
    await wrong.close();

    expect(error.code).toBe('ERR_UNAUTHORIZED');
  });
});

describe('fetch transport errors', () => {
  let server: ScriptedServer;
  let client: Client;

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('sends the same signed request as the node transport', async () => {
    const seen: { url: string; body: string; type: string | undefined; length: string | undefined }[] = [];
    server = await startScriptedServer([
      (request, body, response) => {
        seen.push({
          url: request.url ?? '',
          body: body.toString(),
          type: request.headers['content-type'],
          length: request.headers['content-length'],
        });
        json(200, { id: 4 })(request, body, response);
      },
    ]);
    client = new Client(`${server.url}/publish`, { key: 'k', secret: 's', transport: 'fetch' });

    await expect(client.push('com.myapp.fetch', { text: 'Grüße' }, { eligible: [3] })).resolves.toEqual({ id: 4 });

    const [request] = seen;
    const query = new URL(request!.url, 'http://x').searchParams;
    expect([...query.keys()]).toEqual(['timestamp', 'seq', 'key', 'nonce', 'signature']);
    expect(request!.body).toBe('{"topic":"com.myapp.fetch","args":[{"text":"Grüße"}],"options":{"eligible":[3]}}');
    expect(request!.type).toBe('application/json');
    expect(request!.length).toBe(String(Buffer.byteLength(request!.body)));
    const valid = verifyCrossbarSignature(
      's',
      {
        key: 'k',
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
    [json(200, { error: 'wamp.error.not_authorized', args: [], kwargs: {} }), 'ERR_REJECTED', 10_000],
    [json(413, { error: 'too long' }), 'ERR_PAYLOAD_TOO_LARGE', 10_000],
    [() => {}, 'ERR_TIMEOUT', 150],
  ] as const)('maps a response to %#', async (step, code, timeout) => {
    server = await startScriptedServer([step]);
    client = new Client(`${server.url}/publish`, { transport: 'fetch', timeout, retry: false });

    const error = (await client.push('com.myapp.fetch', 1).catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe(code);
  });

  it('retries a refused connection and then fails with ERR_NETWORK', async () => {
    server = await startScriptedServer([json(200, { id: 1 })]);
    await server.close();
    client = new Client(`${server.url}/publish`, { transport: 'fetch', retry: { retries: 2, minDelay: 1 } });

    const error = (await client.push('com.myapp.fetch', 1).catch((caught: unknown) => caught)) as AutobahnPushError;

    expect(error.code).toBe('ERR_NETWORK');
    expect(error.attempts).toBe(3);
  });

  it('rejects a custom ca with transport fetch', () => {
    expect(() => new Client('https://127.0.0.1:1/publish', { transport: 'fetch', ca: 'PEM' })).toThrow(
      'Invalid ca with transport "fetch"',
    );
    server = { close: async () => {} } as ScriptedServer;
    client = { close: async () => {} } as Client;
  });
});

describe('web build', () => {
  it('runs on Node.js through the browser condition without node:http', async () => {
    const router = await startDevRouter({ key: 'web-key', secret: 'web-secret' });
    const script = `
      import * as core from '@autobahnpush/core';
      const client = new core.Client(process.argv[1], { key: 'web-key', secret: 'web-secret' });
      try {
        const receipt = await client.push('com.myapp.web', { ok: true });
        console.log(JSON.stringify({ transport: client.toJSON(), id: typeof receipt.id }));
        await client.push('com.myapp.web', 1, { exclude: ['x'] }).catch((error) => console.log(error.code));
      } finally {
        await client.close();
      }`;

    try {
      const { stdout } = await run(
        process.execPath,
        ['--conditions=browser', '--input-type=module', '-e', script, router.publishUrl],
        { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      );

      expect(stdout.trim().split('\n')).toEqual([
        JSON.stringify({ transport: { url: router.publishUrl, protocol: 'crossbar', signed: true }, id: 'number' }),
        'ERR_INVALID_ARGUMENT',
      ]);
    } finally {
      await router.close();
    }
  });
});
