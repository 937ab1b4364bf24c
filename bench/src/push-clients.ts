import { createHmac, randomInt } from 'node:crypto';
import { Client } from '@autobahnpush/core';
import { Pool } from 'undici';

/** The ways of pushing that the benchmark compares. */
export type ClientKind =
  | 'limit'
  | 'limit-pipelined'
  | 'floor'
  | 'naive'
  | 'autobahnpush'
  | 'autobahnpush-unpipelined';

/** The client kinds in the order the harness runs and prints them. */
export const CLIENT_KINDS: readonly ClientKind[] = [
  'limit',
  'limit-pipelined',
  'floor',
  'naive',
  'autobahnpush',
  'autobahnpush-unpipelined',
];

/** Requests in flight per connection of `limit-pipelined`: autobahnpush's default `pipelining`. */
export const LIMIT_PIPELINING = 8;

/** Connection settings of a push client. */
export interface ClientSettings {
  /** Publisher URL of the sink or the dev router. */
  url: string;
  /** Maximum keep-alive sockets of every client except naive (undici `Pool` connections for limit and floor). */
  connections: number;
  /** Pushes outstanding at once; `autobahnpush` gets a `maxInFlight` at least this large. */
  concurrency: number;
  key: string;
  secret: string;
  /** Topic of every push. @default {@link TOPIC} */
  topic?: string;
}

/** A client under test: `push(i)` sends the i-th benchmark event and settles with the response. */
export interface PushClient {
  push(index: number): Promise<unknown>;
  close(): Promise<void>;
}

/** Topic of every benchmark push. */
export const TOPIC = 'com.bench.event';

/** Returns the i-th benchmark event. All three clients send the same events. */
export function benchEvent(index: number): { id: number; text: string } {
  return { id: index, text: 'order created' };
}

/** Creates the client of the given kind. */
export function createPushClient(kind: ClientKind, settings: ClientSettings): PushClient {
  switch (kind) {
    case 'limit':
      return createLimitClient(settings, 1);
    case 'limit-pipelined':
      return createLimitClient(settings, LIMIT_PIPELINING);
    case 'floor':
      return createFloorClient(settings);
    case 'naive':
      return createNaiveClient(settings);
    case 'autobahnpush':
      return createAutobahnPushClient(settings);
    case 'autobahnpush-unpipelined':
      return createAutobahnPushClient(settings, 1);
  }
}

/**
 * Creates the baseline client: undici `Pool.dispatch` with keep-alive, one body serialised once and one
 * fixed query string, with no signing, no validation and no JSON parsing of the response.
 * It drives the same legacy dispatch handler interface that undici 7 calls natively.
 * `pipelining` above 1 lets undici send that many requests on a socket before the first response.
 */
function createLimitClient(settings: ClientSettings, pipelining: number): PushClient {
  const url = new URL(settings.url);
  const pool = createPool(url, settings, pipelining);
  const body = JSON.stringify({ topic: TOPIC, args: [benchEvent(0)] });
  const path = `${url.pathname}?timestamp=2026-01-01T00%3A00%3A00.000Z&seq=1`;
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };

  return {
    push(): Promise<void> {
      return new Promise((resolve, reject) => {
        pool.dispatch({ method: 'POST', path, headers, body }, new MinimalHandler(resolve, reject));
      });
    },
    close: () => pool.close(),
  };
}

/**
 * Creates the floor of a signed push over undici: limit's pool and handler, plus only the
 * work that every signed Crossbar request needs. That is `JSON.stringify` of the
 * publication, an HMAC-SHA256 over key, timestamp, seq, nonce and body, and a query
 * string built around it. It has no input checks, timeouts, retries or response parsing,
 * so floor minus limit is the price of signing and floor to autobahnpush that of the client.
 */
function createFloorClient(settings: ClientSettings): PushClient {
  const url = new URL(settings.url);
  const pool = createPool(url, settings, 1);
  const { key, secret } = settings;
  const encodedKey = encodeURIComponent(key);
  const headers = { 'content-type': 'application/json' };
  let seq = 0;

  return {
    push(index: number): Promise<void> {
      seq += 1;
      const body = JSON.stringify({ topic: TOPIC, args: [benchEvent(index)] });
      const timestamp = new Date().toISOString();
      const nonce = randomInt(0, 2 ** 48 - 1);
      const signature = createHmac('sha256', secret).update(key + timestamp + seq + nonce + body).digest('base64url');
      const path =
        `${url.pathname}?timestamp=${encodeURIComponent(timestamp)}&seq=${seq}&key=${encodedKey}` +
        `&nonce=${nonce}&signature=${signature}%3D`;

      return new Promise((resolve, reject) => {
        pool.dispatch({ method: 'POST', path, headers, body }, new MinimalHandler(resolve, reject));
      });
    },
    close: () => pool.close(),
  };
}

// The keep-alive pool of limit and floor.
function createPool(url: URL, settings: ClientSettings, pipelining: number): Pool {
  return new Pool(url.origin, { connections: settings.connections, pipelining, keepAliveTimeout: 4_000 });
}

// Accepts a 200 and ignores the body bytes; anything else rejects.
class MinimalHandler {
  #status = 0;
  readonly #resolve: () => void;
  readonly #reject: (error: Error) => void;

  constructor(resolve: () => void, reject: (error: Error) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onConnect(): void {}

  onHeaders(status: number): boolean {
    this.#status = status;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    if (this.#status === 200) {
      this.#resolve();
    } else {
      this.#reject(new Error(`The push failed: the server responded with HTTP ${this.#status}.`));
    }
  }

  onError(error: Error): void {
    this.#reject(error);
  }
}

/**
 * Creates the client a user writes by hand: global `fetch` per push, `JSON.stringify` of the publication,
 * and a `node:crypto` HMAC-SHA256 over key, timestamp, seq, nonce and body, as Crossbar.io's
 * HTTP bridge expects. `fetch` uses Node.js's global dispatcher, which opens as many
 * sockets as there are pushes in flight.
 */
function createNaiveClient(settings: ClientSettings): PushClient {
  const { url, key, secret } = settings;
  let seq = 0;

  return {
    async push(index: number): Promise<void> {
      seq += 1;
      const body = JSON.stringify({ topic: TOPIC, args: [benchEvent(index)] });
      const timestamp = new Date().toISOString();
      const nonce = randomInt(0, 2 ** 48 - 1);
      const signature = createHmac('sha256', secret)
        .update(key + timestamp + seq + nonce + body)
        .digest('base64')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
      const query =
        `timestamp=${encodeURIComponent(timestamp)}&seq=${seq}&key=${encodeURIComponent(key)}` +
        `&nonce=${nonce}&signature=${encodeURIComponent(signature)}`;
      const response = await fetch(`${url}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const result = (await response.json()) as { id?: unknown };
      if (!response.ok || typeof result.id !== 'number') {
        throw new Error(`The push failed with HTTP ${response.status}.`);
      }
    },
    async close(): Promise<void> {},
  };
}

/**
 * Creates a client that calls `client.push` of `@autobahnpush/core` with signing on, with
 * its default `pipelining` unless one is given.
 */
function createAutobahnPushClient(settings: ClientSettings, pipelining?: number): PushClient {
  const client = new Client(settings.url, {
    key: settings.key,
    secret: settings.secret,
    connections: settings.connections,
    maxInFlight: Math.max(256, settings.concurrency),
    ...(pipelining === undefined ? {} : { pipelining }),
  });

  const topic = settings.topic ?? TOPIC;

  return {
    push: (index) => client.push(topic, benchEvent(index)),
    close: () => client.close(),
  };
}

/** Outcome of {@link runConcurrently}. */
export interface LoopOutcome {
  errors: number;
  /** Message of the first failed push, if any. */
  firstError: string | undefined;
}

/**
 * Sends pushes `start` to `start + count - 1` with `concurrency` async loops, each awaiting
 * its own push, so that exactly `concurrency` pushes are outstanding until the last ones.
 */
export async function runConcurrently(
  client: PushClient,
  start: number,
  count: number,
  concurrency: number,
): Promise<LoopOutcome> {
  const end = start + count;
  let next = start;
  const outcome: LoopOutcome = { errors: 0, firstError: undefined };
  const loop = async (): Promise<void> => {
    while (next < end) {
      const index = next;
      next += 1;
      try {
        await client.push(index);
      } catch (error) {
        outcome.errors += 1;
        outcome.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, loop));

  return outcome;
}
