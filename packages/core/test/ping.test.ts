import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AutobahnPushError, Client } from '../src/index.js';
import { json, startScriptedServer } from './support/scripted-server.js';

let router: DevRouter;

beforeAll(async () => {
  router = await startDevRouter({ key: 'ping-key', secret: 'ping-secret' });
});

afterAll(async () => {
  await router.close();
});

describe('client.ping', () => {
  it.each(['node', 'fetch'] as const)('answers 200 from the publisher over %s', async (transport) => {
    const client = new Client(router.publishUrl, { key: 'ping-key', secret: 'ping-secret', transport });
    try {
      await expect(client.ping()).resolves.toEqual({ url: router.publishUrl, status: 200 });
    } finally {
      await client.close();
    }
  });

  it('rejects a status that is not 2xx with ERR_HTTP', async () => {
    const server = await startScriptedServer([json(405, { error: 'method not allowed' })]);
    const client = new Client(`${server.url}/publish`);
    try {
      const error = (await client.ping().catch((caught: unknown) => caught)) as AutobahnPushError & { status: number };

      expect(error.code).toBe('ERR_HTTP');
      expect(error.status).toBe(405);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('rejects a closed port with ERR_NETWORK', async () => {
    const server = await startScriptedServer([json(200, {})]);
    await server.close();
    const client = new Client(`${server.url}/publish`);

    const error = (await client.ping().catch((caught: unknown) => caught)) as AutobahnPushError;
    await client.close();

    expect(error.code).toBe('ERR_NETWORK');
  });

  it('times out with ERR_TIMEOUT', async () => {
    const server = await startScriptedServer([() => {}]);
    const client = new Client(`${server.url}/publish`);
    try {
      const error = (await client.ping({ timeout: 100 }).catch((caught: unknown) => caught)) as AutobahnPushError;

      expect(error.code).toBe('ERR_TIMEOUT');
      expect(error.message).toContain('OPTIONS');
      expect(error.message).toContain('the endpoint did not answer');
      expect(error.message).not.toContain('published');
    } finally {
      await client.close();
      await server.close();
    }
  });
});
