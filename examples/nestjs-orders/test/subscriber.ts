import autobahn from 'autobahn';

/** A real autobahn-js session that records what arrives on its topics. */
export interface Subscriber {
  /** The WAMP session ID the router assigned. */
  sessionId: number;
  /** `args[0]` of each event, in arrival order. */
  received: unknown[];
  /** Resolves once `count` events have arrived in total. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Opens an autobahn-js connection to `url`, joins `realm` and subscribes to `topics`. */
export async function subscribe(url: string, realm: string, topics: string[]): Promise<Subscriber> {
  const connection = new autobahn.Connection({ url, realm, max_retries: 0 });
  const received: unknown[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];

  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`The WAMP connection closed before it opened: ${reason}`));

      return true;
    };
    connection.open();
  });

  for (const topic of topics) {
    await session.subscribe(topic, (args) => {
      received.push(args?.[0]);
      for (const waiter of waiters.filter((entry) => received.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  }

  return {
    sessionId: session.id,
    received,
    waitFor(count) {
      if (received.length >= count) {
        return Promise.resolve();
      }

      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      return new Promise<void>((resolve) => {
        connection.onclose = () => {
          resolve();

          return true;
        };
        connection.close();
      });
    },
  };
}
