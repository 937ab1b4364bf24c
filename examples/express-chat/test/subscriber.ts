import autobahn from 'autobahn';

/** A Node.js autobahn-js session that records `args[0]` of every chat event. */
export interface ChatSubscriber {
  sessionId: number;
  messages: unknown[];
  /** Resolves once `count` messages in total have arrived. */
  waitFor: (count: number) => Promise<unknown[]>;
  close: () => Promise<void>;
}

/** Joins `realm` at `url` and subscribes to `topic`. */
export async function subscribe(url: string, realm: string, topic: string): Promise<ChatSubscriber> {
  const connection = new autobahn.Connection({ url, realm, max_retries: 0 });
  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`WAMP connection to ${url} closed: ${reason}`));

      return true;
    };
    connection.open();
  });
  const messages: unknown[] = [];
  const waiters: { count: number; resolve: (messages: unknown[]) => void }[] = [];
  await session.subscribe(topic, (args) => {
    messages.push(args?.[0]);
    for (const waiter of waiters.filter((entry) => messages.length >= entry.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(messages.slice());
    }
  });

  return {
    sessionId: session.id,
    messages,
    waitFor: (count) =>
      messages.length >= count
        ? Promise.resolve(messages.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        connection.onclose = () => {
          resolve();

          return true;
        };
        connection.close();
      }),
  };
}
