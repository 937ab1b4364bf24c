import { format } from 'node:util';
import { parseCommandLine, parseIntegerFlag, reasonOf } from '../args.js';
import type { Command } from '../command.js';
import { ExitCode, FailureError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `subscribe` command. */
export interface SubscribeCommandOptions {
  topic: string;
  /** WebSocket URL of the router, for example `ws://127.0.0.1:8080/ws`. */
  router: string;
  realm: string;
  /** Exit after this many events; `undefined` runs until interrupted. */
  count: number | undefined;
  match: 'exact' | 'prefix' | 'wildcard';
  /** Prints autobahn-js's own warnings on stderr. */
  verbose: boolean;
}

/** Environment variable read when `--router` is not given. */
export const ROUTER_ENV = 'AUTOBAHNPUSH_ROUTER';

const flags = {
  router: { type: 'string' },
  realm: { type: 'string' },
  count: { type: 'string' },
  match: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush subscribe <topic> --router ws://HOST:PORT/PATH [options]

Join the router as a WAMP client, subscribe to <topic> and print each event as one
line of JSON {"topic", "publication", "args", "kwargs"} on stdout until interrupted.
Use it to see exactly what a push delivers to a browser. Status goes to stderr.

Options:
  --router URL            WebSocket URL of the router (env ${ROUTER_ENV})
  --realm NAME            realm to join (default realm1)
  --count N               exit after N events
  --match POLICY          exact (default), prefix or wildcard topic matching
  --verbose               print autobahn-js's own warnings on stderr

Exit codes: 0 after --count events or an interrupt, 1 when the connection fails,
2 invalid usage.

Examples:
  autobahnpush subscribe com.example.hello --router ws://127.0.0.1:8080/ws
  autobahnpush subscribe com.example --match prefix --count 1 --router ws://127.0.0.1:8080/ws
`;

async function parse(argv: readonly string[], io: Io): Promise<SubscribeCommandOptions> {
  const { values, positionals } = parseCommandLine('subscribe', argv, flags, 1);
  const [topic] = positionals;
  if (topic === undefined) {
    throw new UsageError(
      'Missing topic: write autobahnpush subscribe TOPIC --router ws://127.0.0.1:8080/ws.',
    );
  }
  const router = values.router ?? (io.env[ROUTER_ENV] || undefined);
  if (router === undefined) {
    throw new UsageError(`Missing router URL: pass --router ws://127.0.0.1:8080/ws or set ${ROUTER_ENV}.`);
  }
  const parsed = URL.canParse(router) ? new URL(router) : undefined;
  if (parsed === undefined || (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')) {
    const source = values.router === undefined ? ROUTER_ENV : '--router';
    throw new UsageError(
      `Invalid ${source} ${JSON.stringify(router)}: pass the ws or wss URL of the router's WebSocket transport, for example ws://127.0.0.1:8080/ws.`,
    );
  }
  const match = values.match ?? 'exact';
  if (match !== 'exact' && match !== 'prefix' && match !== 'wildcard') {
    throw new UsageError(`Invalid --match ${JSON.stringify(match)}: use exact, prefix or wildcard.`);
  }

  return {
    topic,
    router,
    realm: values.realm ?? 'realm1',
    count: values.count === undefined ? undefined : parseIntegerFlag(values.count, '--count', 'a number of events', 1, Number.MAX_SAFE_INTEGER),
    match,
    verbose: values.verbose === true,
  };
}

/**
 * Runs `autobahnpush subscribe`: prints each event on `topic` as one NDJSON line until
 * `count` events arrived or SIGINT/SIGTERM.
 *
 * @throws {FailureError} when the router cannot be reached, refuses the realm or the subscription, or drops the connection.
 */
export async function subscribe(options: SubscribeCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  const autobahn = await loadAutobahn((text) => {
    if (options.verbose) {
      output.info(`autobahn: ${text}`, 'dim');
    }
  });
  const connection = new autobahn.Connection({
    url: options.router,
    realm: options.realm,
    max_retries: 0,
    retry_if_unreachable: false,
  });

  return new Promise<ExitCode>((resolve, reject) => {
    let received = 0;
    let stopping = false;
    const removeSignalHandlers = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    };
    function stop() {
      if (stopping) {
        return;
      }
      stopping = true;
      if (connection.isOpen) {
        // onclose resolves once the router has confirmed the goodbye.
        connection.close('wamp.close.normal');
      } else {
        removeSignalHandlers();
        resolve(ExitCode.Success);
      }
    }
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);

    const onEvent = (args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined, details: EventDetails) => {
      if (stopping) {
        return;
      }
      received += 1;
      output.json({ topic: details.topic ?? options.topic, publication: details.publication, args: args ?? [], kwargs: kwargs ?? {} });
      if (options.count !== undefined && received >= options.count) {
        stop();
      }
    };

    connection.onopen = (session) => {
      const match = options.match === 'exact' ? {} : { match: options.match };
      session.subscribe(options.topic, onEvent, match).then(
        () => output.info(`Subscribed to ${options.topic} on ${options.router} (realm ${options.realm}, session ${session.id}); press Ctrl+C to stop.`),
        (error: unknown) => {
          stopping = true;
          reject(
            new FailureError(
              `The router rejected the subscription to ${JSON.stringify(options.topic)} (${describeWampError(error)}): check the topic URI.`,
            ),
          );
          connection.close('wamp.close.normal');
        },
      );
    };

    connection.onclose = (reason, details) => {
      removeSignalHandlers();
      if (stopping) {
        resolve(ExitCode.Success);
      } else {
        reject(closeError(reason, details, options));
      }

      return true;
    };
    connection.open();
  });
}

/** Details of one event as autobahn-js passes them to a subscriber. */
interface EventDetails {
  publication: number;
  /** The concrete topic, set for prefix and wildcard subscriptions. */
  topic?: string;
}

/**
 * Imports autobahn-js, which only this command needs and which is slow to load.
 * autobahn-js 22.11.1 binds `console.warn` when it loads and prints every close with it;
 * binding a forwarder instead lets this command decide where that text goes.
 */
async function loadAutobahn(onWarning: (text: string) => void) {
  const original = console.warn;
  console.warn = (...args: unknown[]) => onWarning(format(...args));
  try {
    return (await import('autobahn')).default;
  } finally {
    console.warn = original;
  }
}

function closeError(reason: string, details: { reason?: string; message?: string }, options: SubscribeCommandOptions): FailureError {
  if (reason === 'unreachable') {
    return new FailureError(
      `Cannot connect to --router ${options.router}: check that the router is running and the URL, including its path, is right.`,
    );
  }
  if (details.reason === 'wamp.error.no_such_realm') {
    return new FailureError(`The router has no realm ${JSON.stringify(options.realm)}: pass the right --realm.`);
  }
  const closeReason = details.reason ?? reason;

  return new FailureError(
    `The connection to ${options.router} was closed (${closeReason}${details.message ? `: ${details.message}` : ''}).`,
  );
}

function describeWampError(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { error?: unknown }).error === 'string') {
    const { error: uri, args } = error as { error: string; args?: unknown[] };

    return typeof args?.[0] === 'string' ? `${uri}: ${args[0]}` : uri;
  }

  return reasonOf(error);
}

/** The `subscribe` command. */
export const subscribeCommand: Command<SubscribeCommandOptions> = { help, parse, run: subscribe };
