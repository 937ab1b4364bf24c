import { type AddressInfo, type Socket, createServer } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

const { Client, isAutobahnPushError } = core;

/** A raw TCP server that writes `nextResponse` to every connection, then closes it. */
let rawServer: ReturnType<typeof createServer>;
let rawPort: number;
let nextResponse: Uint8Array = new Uint8Array();
const sockets = new Set<Socket>();

beforeAll(async () => {
  rawServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', () => {
      socket.end(nextResponse);
    });
  });
  await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
  rawPort = (rawServer.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) {
    socket.destroy();
  }
  await new Promise<void>((resolve) => rawServer.close(() => resolve()));
});

const statusLine = fc.constantFrom(
  'HTTP/1.1 200 OK',
  'HTTP/1.1 202 Accepted',
  'HTTP/1.1 400 Bad Request',
  'HTTP/1.1 413 Too Large',
  'HTTP/1.1 503 Busy',
  'HTTP/1.1 999 Odd',
  'HTTP/1.0 200 OK',
  'garbage',
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('{"id":1}', '{"error":"x"}', '{"error":5}', '{"id":"1"}', '<html><title>x</title>', ''),
);
const response = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(statusLine, body, fc.boolean()).map(([line, text, withLength]) => {
    const length = withLength ? `content-length: ${Buffer.byteLength(text, 'latin1')}\r\n` : '';

    return Buffer.from(`${line}\r\n${length}connection: close\r\n\r\n${text}`, 'latin1');
  }),
);

describe('random server responses', () => {
  it.each(['crossbar', 'appliance'] as const)('%s push ends in a receipt or a typed error', async (protocol) => {
    const client = new Client(`http://127.0.0.1:${rawPort}/publish`, {
      protocol,
      retry: false,
      timeout: 500,
      key: 'k',
      secret: 's',
    });
    const topic = protocol === 'crossbar' ? 'com.myapp.fuzz' : 'http://example.com/fuzz';
    const codes = new Set<string>();

    await fc.assert(
      fc.asyncProperty(response, async (bytes) => {
        nextResponse = bytes;
        try {
          const receipt = await client.push(topic, { n: 1 });
          expect(typeof receipt).toBe('object');
          codes.add('receipt');
        } catch (error) {
          expect(isAutobahnPushError(error)).toBe(true);
          codes.add((error as core.AutobahnPushError).code);
        }
      }),
      { numRuns: 150 },
    );
    await client.close();

    expect(codes.has('ERR_HTTP')).toBe(true);
    expect(codes.has('ERR_NETWORK')).toBe(true);
  });
});

/** Calls `run`; the only acceptable failures are AutobahnPushErrors. */
function onlyTypedErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isAutobahnPushError(error)) {
      throw error;
    }
  }
}

async function onlyTypedRejections(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isAutobahnPushError(error)) {
      throw error;
    }
  }
}

describe('random input to public functions', () => {
  const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withTypedArray: true });

  it('pure functions throw only typed errors', () => {
    fc.assert(
      fc.property(anything, anything, anything, (first, second, third) => {
        const calls: (() => unknown)[] = [
          () => core.buildCrossbarRequest(first as never),
          () => core.buildApplianceRequest(first as never),
          () => core.serializeCrossbarPush(first as never, second, third as never),
          () => core.serializeCrossbarPublication(first as never, second as never),
          () => core.assertPublishMessage(first),
          () => core.signCrossbarRequest(first as never, second as never),
          () => core.signApplianceRequest(first as never, second as never),
          () => core.verifyCrossbarSignature(first as never, second as never, third as never),
          () => core.verifyApplianceSignature(first as never, second as never, third as never),
          () => core.createSigningKey(first as never),
          () => core.formatCrossbarTimestamp(first as never),
          () => core.formatApplianceTimestamp(first as never),
          () => core.assertWampUri(first),
          () => core.assertApplianceTopic(first),
          () => core.assertSessionIds(first, 'exclude'),
          () => core.isSessionId(first),
          () => new Client(first as never, second as never),
        ];
        for (const call of calls) {
          onlyTypedErrors(call);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('client calls reject only with typed errors', async () => {
    const client = new Client('http://127.0.0.1:1/publish', { retry: false, timeout: 200 });
    const appliance = new Client('http://127.0.0.1:1/push', { protocol: 'appliance', retry: false, timeout: 200 });

    await fc.assert(
      fc.asyncProperty(anything, anything, anything, async (first, second, third) => {
        await onlyTypedRejections(() => client.push(first as never, second, third as never));
        await onlyTypedRejections(() => client.publish(first as never, second as never, third as never));
        await onlyTypedRejections(() => appliance.push(first as never, second, third as never));
        await onlyTypedRejections(() => appliance.publish(first as never, second as never, third as never));
        onlyTypedErrors(() => client.close(first as never));
      }),
      { numRuns: 150 },
    );
    await client.close();
    await appliance.close();
  });

  it('builds the same signed request for valid input', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.maxSafeNat(),
        fc.string(),
        (key, secret, seq, nonce, text) => {
          const timestamp = '2026-12-04T19:36:51.123Z';
          const request = core.buildCrossbarRequest({
            url: 'http://127.0.0.1/publish',
            body: text,
            seq,
            nonce,
            timestamp,
            credentials: { key, secret },
          });
          const query = new URL(request.url).searchParams;
          expect(query.get('key')).toBe(key);
          expect(query.get('seq')).toBe(String(seq));
          const valid = core.verifyCrossbarSignature(
            secret,
            { key, timestamp, seq, nonce, body: request.body },
            query.get('signature')!,
          );
          expect(valid).toBe(true);
          expect(request.headers['content-length']).toBe(String(Buffer.byteLength(text)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
