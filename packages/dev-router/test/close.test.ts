/** close(): GOODBYE to every session, no socket left open, idempotent. */
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDevRouter } from '../src/index.js';
import { connectClient } from './helpers/autobahn-client.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

describe('close', () => {
  it('sends GOODBYE system_shutdown and closes sockets', async () => {
    const router = await startDevRouter();
    const joined = await RawWampClient.connect(router.wsUrl);
    await joined.join(router.realm);
    const waiting = await RawWampClient.connect(router.wsUrl);

    await router.close();
    const goodbye = await joined.next();
    const joinedClosed = await joined.closed;
    const waitingClosed = await waiting.closed;

    expect(goodbye[0]).toBe(6);
    expect(goodbye[2]).toBe('wamp.close.system_shutdown');
    expect(joinedClosed.code).toBe(1001);
    expect(waitingClosed.code).toBe(1001);
    expect(router.sessions).toEqual([]);
  });

  it('closes autobahn client sessions', async () => {
    const router = await startDevRouter();
    const client = await connectClient(router);

    await router.close();

    expect(client.session.isOpen).toBe(false);
    expect(router.sessions).toEqual([]);
  });

  it('returns the same promise twice', async () => {
    const router = await startDevRouter();

    const first = router.close();
    const second = router.close();
    await first;

    expect(second).toBe(first);
  });

  it('closes idle keep-alive connections', async () => {
    const router = await startDevRouter();
    const socketClosed = new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: router.port }, () => {
        socket.write(`OPTIONS /publish HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      });
      socket.once('data', () => {
        void router.close();
      });
      socket.on('close', () => resolve());
    });

    await socketClosed;
    await router.close();

    const refused = await new Promise<string>((resolve) => {
      request({ host: '127.0.0.1', port: router.port, path: '/publish', method: 'OPTIONS' })
        .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''))
        .end();
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('lists joined sessions with authid and authrole', async () => {
    const router = await startDevRouter();
    const raw = await RawWampClient.connect(router.wsUrl);
    const rawId = await raw.join(router.realm, { authid: 'alice', authrole: 'admin' });
    const client = await connectClient(router, { authid: 'bob' });

    const sessions = [...router.sessions].sort((a, b) => a.authid.localeCompare(b.authid));

    expect(sessions).toEqual([
      { id: rawId, authid: 'alice', authrole: 'admin' },
      { id: client.id, authid: 'bob', authrole: 'anonymous' },
    ]);
    expect(Object.isFrozen(router.sessions)).toBe(true);
    await client.close();
    await raw.close();
    await router.close();
  });
});
