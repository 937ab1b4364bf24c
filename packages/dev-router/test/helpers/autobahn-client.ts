import autobahn from 'autobahn';
import type { DevRouter } from '../../src/index.js';

/** A joined autobahn-js client and the way to leave. */
export interface Client {
  readonly session: autobahn.Session;
  readonly id: number;
  close(): Promise<void>;
}

/** One received event, as autobahn-js hands it to a subscription handler. */
export interface ReceivedEvent {
  readonly args: unknown[];
  readonly kwargs: Record<string, unknown>;
  readonly details: autobahn.EventDetails;
}

/** Connects an unmodified autobahn-js client to `router` and waits for the session to join. */
export function connectClient(router: DevRouter, options: { authid?: string; on_user_error?: (error: unknown) => void } = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm, max_retries: 0, retry_if_unreachable: false, ...options });
    let closed: (() => void) | undefined;
    connection.onopen = (session) => {
      resolve({
        session,
        id: session.id,
        close: () =>
          new Promise<void>((done) => {
            if (!connection.isOpen) return done();

            closed = done;
            connection.close();
          }),
      });
    };
    connection.onclose = (reason, details) => {
      if (closed !== undefined) closed();
      else reject(new Error(`autobahn connection closed before joining: ${reason} ${details.reason ?? ''} ${details.message ?? ''}`));

      return true;
    };
    connection.open();
  });
}

/**
 * Subscribes and records every event. `waitFor(n)` resolves once `n` events
 * have arrived.
 */
export async function recordEvents(client: Client, topic: string, options?: Record<string, unknown>) {
  const events: ReceivedEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const subscription = await client.session.subscribe(
    topic,
    (args, kwargs, details) => {
      events.push({ args, kwargs, details });
      for (const waiter of [...waiters]) {
        if (events.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    options,
  );

  return {
    events,
    subscription,
    waitFor(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();

      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}
