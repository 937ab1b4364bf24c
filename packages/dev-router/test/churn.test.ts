import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { startDevRouter } from '../src/index.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

const CLIENTS = 1_000;
const BATCH = 100;
const TOPIC = 'com.churn.news';

declare const gc: () => void;

function heapAfterGc(): number {
  for (let round = 0; round < 3; round++) {
    gc();
  }

  return process.memoryUsage().heapUsed;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Connects, joins and subscribes one client; returns it with its socket for abrupt drops. */
async function joinSubscriber(url: string, realm: string): Promise<RawWampClient> {
  const client = await RawWampClient.connect(url);
  await client.join(realm);
  client.send([32, 1, {}, TOPIC]);
  const subscribed = await client.next();
  expect(subscribed[0]).toBe(33);

  return client;
}

async function churn(url: string, realm: string, publishUrl: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const clients = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - start) }, () => joinSubscriber(url, realm)),
    );
    const response = await fetch(publishUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: TOPIC, args: [start] }),
    });
    expect(response.status).toBe(200);
    await response.text();
    await Promise.all(
      clients.map(async (client, index) => {
        const event = await client.next();
        expect(event[0]).toBe(36);
        if (index % 2 === 0) {
          client.send([6, {}, 'wamp.close.goodbye_and_out']);
          await client.close();
        } else {
          // Drop without a closing handshake, as a crashed browser tab would.
          (client as unknown as { socket: WebSocket }).socket.terminate();
          await client.closed;
        }
      }),
    );
  }
}

describe('client churn', () => {
  it('survives 1,000 clients connecting and dropping, with memory back to baseline', async () => {
    const router = await startDevRouter();
    try {
      await churn(router.wsUrl, router.realm, router.publishUrl, BATCH);
      await until(() => router.sessions.length === 0);
      const baseline = heapAfterGc();

      await churn(router.wsUrl, router.realm, router.publishUrl, CLIENTS);
      await until(() => router.sessions.length === 0);
      const after = heapAfterGc();

      expect(router.sessions).toEqual([]);
      // Memory is back near the baseline: 1,000 leaked sessions, each holding its socket
      // and buffers, would keep well over 5 MB alive.
      expect(after - baseline).toBeLessThan(5 * 1024 * 1024);

      const survivor = await joinSubscriber(router.wsUrl, router.realm);
      const response = await fetch(router.publishUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ topic: TOPIC, args: ['still here'] }),
      });
      expect(response.status).toBe(200);
      const event = await survivor.next();
      expect(event[4]).toEqual(['still here']);
      await survivor.close();
    } finally {
      await router.close();
    }
  }, 120_000);
});
