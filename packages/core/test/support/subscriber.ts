import autobahn from 'autobahn';

/** One event as an autobahn-js subscriber received it. */
export interface ReceivedEvent {
  args: unknown[];
  kwargs: Record<string, unknown>;
  publication: number;
  topic: string;
}

/** A real autobahn-js session subscribed to one or more topics. */
export interface Subscriber {
  sessionId: number;
  events: ReceivedEvent[];
  /** Resolves once `count` events in total have arrived. */
  waitForEvents: (count: number) => Promise<ReceivedEvent[]>;
  close: () => Promise<void>;
}

/** Connects an autobahn-js client to `url` and subscribes it to `topics`. */
export async function connectSubscriber(
  url: string,
  realm: string,
  topics: string[],
  authid?: string,
): Promise<Subscriber> {
  const connection = new autobahn.Connection({
    url,
    realm,
    max_retries: 0,
    ...(authid === undefined ? {} : { authid }),
  });
  const events: ReceivedEvent[] = [];
  const waiters: { count: number; resolve: (events: ReceivedEvent[]) => void }[] = [];

  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = (opened) => resolve(opened);
    connection.onclose = (reason) => {
      reject(new Error(`WAMP connection closed: ${reason}`));

      return true;
    };
    connection.open();
  });

  for (const topic of topics) {
    await session.subscribe(topic, (args, kwargs, details) => {
      events.push({
        args: args ?? [],
        kwargs: kwargs ?? {},
        publication: details?.publication ?? 0,
        topic: details?.topic ?? topic,
      });
      for (const waiter of [...waiters]) {
        if (events.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(events.slice());
        }
      }
    });
  }

  return {
    sessionId: session.id,
    events,
    waitForEvents: (count) =>
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
