import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixture } from './helpers/run-node.js';
import { type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

// enableShutdownHooks re-raises the signal after the hooks ran, so these tests run the
// application in a child process (with the CommonJS build) and send it SIGTERM.
let endpoint: StubEndpoint;

beforeEach(async () => {
  endpoint = await startStubEndpoint();
  endpoint.hold();
});

afterEach(async () => {
  endpoint.release();
  await endpoint.close();
});

describe('SIGTERM with enableShutdownHooks', () => {
  it('drains the in-flight push before exiting', async () => {
    const app = startFixture('shutdown-on-signal.cjs', [endpoint.url, '10000']);
    await app.line((line) => line.event === 'ready');
    await endpoint.received(1);

    app.child.kill('SIGTERM');
    await app.line((line) => line.level === 'log');
    endpoint.release();
    const exit = await app.exited;

    expect(app.lines).toEqual([
      { event: 'ready' },
      {
        level: 'log',
        message: `Client "default" (${endpoint.url}): waiting up to 10000 ms for 1 push(es) in flight before closing.`,
      },
      { event: 'settled', receipt: { id: 1 } },
    ]);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('logs and aborts pushes pending at the deadline', async () => {
    const app = startFixture('shutdown-on-signal.cjs', [endpoint.url, '20']);
    await app.line((line) => line.event === 'ready');
    await endpoint.received(1);

    app.child.kill('SIGTERM');
    const exit = await app.exited;

    expect(app.lines).toEqual([
      { event: 'ready' },
      {
        level: 'log',
        message: `Client "default" (${endpoint.url}): waiting up to 20 ms for 1 push(es) in flight before closing.`,
      },
      {
        level: 'warn',
        message:
          `Client "default" (${endpoint.url}): 1 push(es) still pending after drainTimeout (20 ms); ` +
          'aborting them and closing the client.',
      },
      { event: 'failed', code: 'ERR_ABORTED' },
    ]);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
