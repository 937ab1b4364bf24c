import autobahn from 'autobahn';

/** A real autobahn-js session subscribed to one topic, recording `args[0]` of each event. */
export interface Subscriber {
  sessionId: number;
  /** `args[0]` of every event received so far, in arrival order. */
  events: unknown[];
  /** Full `args` and `kwargs` of every event received so far. */
  publications: { args: unknown[]; kwargs: Record<string, unknown> }[];
  /** Resolves once `count` events in total have arrived. */
  waitFor: (count: number) => Promise<unknown[]>;
  close: () => Promise<void>;
}

/** Opens a WAMP session on `url` and subscribes it to `topic`. */
export async function subscribe(url: string, realm: string, topic: string): Promise<Subscriber> {
  const connection = new autobahn.Connection({ url, realm, max_retries: 0 });
  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`WAMP connection to ${url} closed: ${reason}`));

      return true;
    };
    connection.open();
  });

  const events: unknown[] = [];
  const publications: Subscriber['publications'] = [];
  const waiters: { count: number; resolve: (events: unknown[]) => void }[] = [];
  await session.subscribe(topic, (args, kwargs) => {
    events.push(args?.[0]);
    publications.push({ args: args ?? [], kwargs: kwargs ?? {} });
    for (const waiter of waiters.filter((entry) => events.length >= entry.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(events.slice());
    }
  });

  return {
    sessionId: session.id,
    events,
    publications,
    waitFor: (count) =>
      events.length >= count
        ? Promise.resolve(events.slice())
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
