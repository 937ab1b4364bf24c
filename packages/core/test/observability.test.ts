import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, Client, type Logger } from '../src/index.js';
import { type ScriptedServer, json, startScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer;
let client: Client;

afterEach(async () => {
  await client.close();
  await server.close();
});

function recordingLogger() {
  const lines: [keyof Logger, string][] = [];
  const logger: Logger = {
    debug: (message) => lines.push(['debug', message]),
    info: (message) => lines.push(['info', message]),
    warn: (message) => lines.push(['warn', message]),
    error: (message) => lines.push(['error', message]),
  };

  return { lines, logger };
}

function recordChannels() {
  const messages: [string, Record<string, unknown>][] = [];
  const listeners = Object.values(CHANNELS).map((name) => {
    const listener = (message: unknown) => messages.push([name, message as Record<string, unknown>]);
    diagnostics.subscribe(name, listener);

    return () => diagnostics.unsubscribe(name, listener);
  });

  return {
    messages,
    stop: () => {
      for (const stop of listeners) {
        stop();
      }
    },
  };
}

describe('observability', () => {
  it('publishes start, retry and success without payload or secrets', async () => {
    server = await startScriptedServer([json(503, { error: 'busy' }), json(200, { id: 11 })]);
    client = new Client(`${server.url}/publish`, {
      key: 'obs-key',
      secret: 'obs-secret',
      retry: { minDelay: 1, maxDelay: 2 },
    });
    const recorded = recordChannels();

    try {
      await client.push('com.myapp.obs', { card: '4111-1111' });
    } finally {
      recorded.stop();
    }

    expect(recorded.messages.map(([name]) => name)).toEqual([
      CHANNELS.start,
      CHANNELS.retry,
      CHANNELS.start,
      CHANNELS.success,
    ]);
    const [, retry] = recorded.messages[1]!;
    expect(retry).toMatchObject({ topic: 'com.myapp.obs', attempt: 1, code: 'ERR_HTTP', status: 503 });
    const [, success] = recorded.messages[3]!;
    expect(success).toMatchObject({ topic: 'com.myapp.obs', attempt: 2, status: 200, id: 11 });
    expect(typeof success.durationMs).toBe('number');
    const text = JSON.stringify(recorded.messages);
    for (const hidden of ['4111-1111', 'obs-secret', 'obs-key', 'signature']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('publishes failure with the error code', async () => {
    server = await startScriptedServer([json(401, { error: 'bad signature' })]);
    client = new Client(`${server.url}/publish`);
    const recorded = recordChannels();

    try {
      await client.push('com.myapp.obs', 1).catch(() => undefined);
    } finally {
      recorded.stop();
    }

    const [name, failure] = recorded.messages.at(-1)!;
    expect(name).toBe(CHANNELS.failure);
    expect(failure).toMatchObject({ code: 'ERR_UNAUTHORIZED', status: 401, attempt: 1 });
  });

  it('logs retries at warn and final failures at error', async () => {
    server = await startScriptedServer([json(503, { error: 'busy' })]);
    const { lines, logger } = recordingLogger();
    client = new Client(`${server.url}/publish`, {
      key: 'log-key',
      secret: 'log-secret',
      logger,
      retry: { retries: 1, minDelay: 1, maxDelay: 2 },
    });

    await client.push('com.myapp.log', 1).catch(() => undefined);

    expect(lines.map(([level]) => level)).toEqual(['warn', 'error']);
    expect(lines[0]![1]).toContain('failed with ERR_HTTP (HTTP 503) on attempt 1; retrying in');
    expect(lines[1]![1]).toContain('failed with ERR_HTTP after 2 attempt(s)');
    for (const [, line] of lines) {
      expect(line).not.toContain('log-secret');
      expect(line).not.toContain('log-key');
    }
  });

  it.each([
    ['debug', json(200, { id: 5 })],
    ['error', json(401, { error: 'bad signature' })],
  ] as const)('settles a push whose logger throws on %s', async (level, step) => {
    server = await startScriptedServer([step]);
    const { logger } = recordingLogger();
    const broken = new Error(`${level} failed`);
    logger[level] = () => {
      throw broken;
    };
    client = new Client(`${server.url}/publish`, { logger, maxInFlight: 1 });

    const outcome = await client.push('com.myapp.log', 1).catch((error: unknown) => error);

    expect(outcome).toBe(broken);
    expect(client.inFlight).toBe(0);
  });

  it('logs nothing above debug on success', async () => {
    server = await startScriptedServer([json(200, { id: 5 })]);
    const { lines, logger } = recordingLogger();
    client = new Client(`${server.url}/publish`, { logger });

    await client.push('com.myapp.log', 1);

    expect(lines.map(([level]) => level)).toEqual(['debug']);
    expect(lines[0]![1]).toContain('publication 5');
  });

  it('rejects a logger without the four methods', () => {
    expect(() => new Client('http://127.0.0.1:1/publish', { logger: { info() {} } as never })).toThrow(
      'it lacks debug, warn, error',
    );
  });
});
