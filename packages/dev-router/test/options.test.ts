/** startDevRouter() options: validation, defaults, URLs and listening on IPv4 and IPv6 loopback. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type DevRouterOptions, DevRouterError, InvalidOptionError, isDevRouterError, startDevRouter } from '../src/index.js';
import { connectClient, recordEvents } from './helpers/autobahn-client.js';
import { publishJson } from './helpers/http.js';

describe('options validation', () => {
  it.each([
    ['host', { host: '' }],
    ['host', { host: '[::1]' }],
    ['port', { port: -1 }],
    ['port', { port: 65536 }],
    ['port', { port: 1.5 }],
    ['realm', { realm: 'a b' }],
    ['realm', { realm: '' }],
    ['key', { secret: 's' }],
    ['secret', { key: 'k' }],
    ['key', { key: '', secret: 's' }],
    ['secret', { key: 'k', secret: 7 }],
    ['postBodyLimit', { postBodyLimit: -1 }],
    ['postBodyLimit', { postBodyLimit: 1.5 }],
    ['timestampDeltaLimit', { timestampDeltaLimit: -1 }],
    ['timestampDeltaLimit', { timestampDeltaLimit: Number.NaN }],
    ['callTimeout', { callTimeout: -1 }],
    ['callTimeout', { callTimeout: 1.5 }],
    ['callTimeout', { callTimeout: 2 ** 31 }],
    ['callTimeout', { callTimeout: '100' }],
    ['logger', { logger: { info: () => {} } }],
    ['prot', { prot: 80 }],
  ])('rejects invalid %s', async (option, options) => {
    const error = await startDevRouter(options as DevRouterOptions).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as InvalidOptionError).code).toBe('ERR_INVALID_ARGUMENT');
    expect((error as InvalidOptionError).option).toBe(option);
    expect((error as InvalidOptionError).message).toContain(`"${option}"`);
    expect(isDevRouterError(error)).toBe(true);
  });

  it('rejects non-object options', async () => {
    const error = await startDevRouter('fast' as unknown as DevRouterOptions).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect((error as InvalidOptionError).code).toBe('ERR_INVALID_ARGUMENT');
    expect((error as InvalidOptionError).option).toBe('options');
  });

  it('isDevRouterError rejects other errors', () => {
    expect(isDevRouterError(new TypeError('x'))).toBe(false);
    expect(isDevRouterError({ code: 'ERR_INVALID_ARGUMENT' })).toBe(false);
    expect(isDevRouterError(null)).toBe(false);
  });
});

describe('options defaults', () => {
  it('listens on 127.0.0.1 realm1 free port', async () => {
    const router = await startDevRouter();
    try {
      expect(router.host).toBe('127.0.0.1');
      expect(router.realm).toBe('realm1');
      expect(router.port).toBeGreaterThan(0);
      expect(router.url).toBe(`http://127.0.0.1:${router.port}`);
      expect(router.wsUrl).toBe(`ws://127.0.0.1:${router.port}/ws`);
      expect(router.publishUrl).toBe(`http://127.0.0.1:${router.port}/publish`);
      expect(router.pushUrl).toBe(`http://127.0.0.1:${router.port}/push`);
      expect(router.callUrl).toBe(`http://127.0.0.1:${router.port}/call`);
      expect(router.sessions).toEqual([]);
    } finally {
      await router.close();
    }
  });

  it('serves IPv6 loopback with brackets', async () => {
    const router = await startDevRouter({ host: '::1', realm: 'com.example.realm' });
    try {
      const client = await connectClient(router);
      const recorder = await recordEvents(client, 'com.example.v6');

      const response = await publishJson(router.publishUrl, { topic: 'com.example.v6', args: ['over ::1'] });
      await recorder.waitFor(1);

      expect(router.url).toBe(`http://[::1]:${router.port}`);
      expect(router.wsUrl).toBe(`ws://[::1]:${router.port}/ws`);
      expect(response.status).toBe(200);
      expect(recorder.events[0]!.args).toEqual(['over ::1']);
      await client.close();
    } finally {
      await router.close();
    }
  });

  it('fails with ERR_DEV_ROUTER_LISTEN on busy port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startDevRouter({ port }).then(
        () => undefined,
        (reason: unknown) => reason,
      );

      expect(error).toBeInstanceOf(DevRouterError);
      expect((error as DevRouterError).code).toBe('ERR_DEV_ROUTER_LISTEN');
      expect((error as DevRouterError).message).toContain(`127.0.0.1:${port}`);
      expect(((error as DevRouterError).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('logs through the given logger', async () => {
    const records: [string, string][] = [];
    const record = (level: string) => (message: string) => records.push([level, message]);
    const router = await startDevRouter({ logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') } });
    await router.close();

    expect(records).toEqual([
      ['info', 'Dev router started'],
      ['info', 'Dev router stopped'],
    ]);
  });
});
