import autobahn from 'autobahn';
import type { DevRouter } from '../../src/index.js';
import { type Client, connectClient } from './autobahn-client.js';
import { RawWampClient } from './raw-wamp-client.js';

/** Procedure that returns its positional and keyword arguments unchanged. */
export const ECHO = 'com.example.echo';

/** Procedure that raises `com.example.error` with `['boom']`. */
export const FAIL = 'com.example.fail';

/**
 * Connects an autobahn-js client meant to be a callee. autobahn-js prints
 * every error a procedure raises. The WAMP errors that tests raise on purpose
 * are not printed, and anything else still is.
 */
export function connectCallee(router: DevRouter): Promise<Client> {
  return connectClient(router, {
    on_user_error: (error) => {
      if (!(error instanceof autobahn.Error)) console.error('Procedure raised an unexpected error:', error);
    },
  });
}

/** Registers the echo and the failing procedure on an autobahn-js session. */
export async function registerStandardProcedures(client: Client): Promise<void> {
  await client.session.register(ECHO, (args, kwargs) => new autobahn.Result(args, kwargs));
  await client.session.register(FAIL, () => {
    throw new autobahn.Error('com.example.error', ['boom']);
  });
}

/**
 * Joins a bare WAMP client as a callee. With `cancels` it announces
 * `call_canceling`, so the router may send it INTERRUPT.
 */
export async function joinRawCallee(router: DevRouter, cancels = false): Promise<{ client: RawWampClient; sessionId: number }> {
  const client = await RawWampClient.connect(router.wsUrl);
  const features = cancels ? { call_canceling: true } : {};
  const sessionId = await client.join(router.realm, { roles: { caller: {}, callee: { features } } });

  return { client, sessionId };
}

/** Sends REGISTER for `procedure` and returns the registration ID from REGISTERED. */
export async function registerRaw(client: RawWampClient, request: number, procedure: string): Promise<number> {
  client.send([64, request, {}, procedure]);
  const registered = await client.next();
  if (registered[0] !== 65 || registered[1] !== request) throw new Error(`expected REGISTERED for request ${request}, got ${JSON.stringify(registered)}`);

  return registered[2] as number;
}
