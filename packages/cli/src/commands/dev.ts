import type { DevRouter, DevRouterLogger } from '@autobahnpush/dev-router';
import { parseCommandLine, parseIntegerFlag, reasonOf } from '../args.js';
import type { Command } from '../command.js';
import { ENV } from '../environment.js';
import { resolveSecret } from '../secret.js';
import { ExitCode, FailureError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';
import { shellQuote } from '../shell-quote.js';

/** Options of the `dev` command. */
export interface DevCommandOptions {
  host: string;
  port: number;
  realm: string;
  credentials: { key: string; secret: string } | undefined;
  postBodyLimit: number | undefined;
  json: boolean;
  verbose: boolean;
  warnings: string[];
}

const flags = {
  host: { type: 'string' },
  port: { type: 'string' },
  realm: { type: 'string' },
  key: { type: 'string' },
  secret: { type: 'string' },
  'secret-file': { type: 'string' },
  'post-body-limit': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush dev [--port 8080] [--key KEY --secret-file PATH] [options]

Run a local WAMP router in the foreground, with Crossbar.io's HTTP publisher at
/publish, the Autobahn.ws appliance push endpoint at /push and WAMP over WebSocket
at /ws. It prints its URLs, its realm and ready-to-paste push and subscribe commands,
and stops cleanly on Ctrl+C (SIGINT) or SIGTERM. It is meant for development and
tests: WAMP clients join without authentication.

Options:
  --host HOST             address to listen on (default 127.0.0.1)
  --port PORT             TCP port, 0 for a free one (default 8080)
  --realm NAME            the realm clients join (default realm1)
  --key KEY               require signed HTTP requests with this key (env ${ENV.key})
  --secret-file PATH      file that contains the secret (env ${ENV.secret})
  --secret SECRET         the secret itself; it leaks into shell history
  --post-body-limit N     largest HTTP request body in bytes, 0 for no limit
                          (default: none on /publish, 4096 on /push)
  --json                  print the URLs as one JSON object instead
  --verbose               log every request and session on stderr

Exit codes: 0 after a clean shutdown, 1 when the router cannot start, 2 invalid usage.

Examples:
  autobahnpush dev
  AUTOBAHNPUSH_SECRET=secret autobahnpush dev --port 9000 --key foobar
`;

async function parse(argv: readonly string[], io: Io): Promise<DevCommandOptions> {
  const { values } = parseCommandLine('dev', argv, flags, 0);
  const { secret, warnings } = await resolveSecret(values, io.env, io.cwd);
  const key = values.key ?? (io.env[ENV.key] || undefined);
  if ((key === undefined) !== (secret === undefined)) {
    throw new UsageError(
      key === undefined
        ? `A secret was given without a key: pass --key or set ${ENV.key}, or remove the secret to accept unsigned requests.`
        : `Key ${JSON.stringify(key)} was given without a secret: set ${ENV.secret} or pass --secret-file PATH.`,
    );
  }

  return {
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 8080 : parseIntegerFlag(values.port, '--port', 'a TCP port number', 0, 65_535),
    realm: values.realm ?? 'realm1',
    credentials: key === undefined || secret === undefined ? undefined : { key, secret },
    postBodyLimit:
      values['post-body-limit'] === undefined
        ? undefined
        : parseIntegerFlag(values['post-body-limit'], '--post-body-limit', 'a number of bytes', 0, Number.MAX_SAFE_INTEGER),
    json: values.json === true,
    verbose: values.verbose === true,
    warnings,
  };
}

/**
 * Runs `autobahnpush dev`: starts the dev router, prints how to use it, and closes it on
 * SIGINT or SIGTERM.
 *
 * @throws {FailureError} when the router cannot listen, for example because the port is in use.
 * @throws {UsageError} when the dev router rejects an option, for example the realm.
 */
export async function dev(options: DevCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.warnings) {
    output.warn(warning);
  }
  // Loaded here only, so that the other commands do not load the router and its WebSocket server.
  const { startDevRouter, isDevRouterError } = await import('@autobahnpush/dev-router');

  // Listening before the banner is printed: a script that sends SIGTERM as soon as it reads
  // the banner must not hit Node's default handler, which exits without closing the router.
  const stop = listenForStopSignal();
  let router: DevRouter;
  try {
    router = await startDevRouter({
      host: options.host,
      port: options.port,
      realm: options.realm,
      ...options.credentials,
      ...(options.postBodyLimit === undefined ? {} : { postBodyLimit: options.postBodyLimit }),
      logger: createLogger(output, options.verbose),
    });
  } catch (error) {
    stop.dispose();
    if (isDevRouterError(error) && error.code === 'ERR_INVALID_ARGUMENT') {
      throw new UsageError(nameFlag(error.message, (error as { option?: string }).option), { cause: error });
    }
    throw new FailureError(
      `The dev router cannot listen on ${options.host}:${options.port} (${reasonOf(error)}): pass another --port, or --port 0 for a free one.`,
      { cause: error },
    );
  }

  printStarted(router, options, output);
  const signal = await stop.received;
  output.info(`Received ${signal}; stopping the dev router.`);
  await router.close();
  output.info('Dev router stopped.');

  return ExitCode.Success;
}

function printStarted(router: DevRouter, options: DevCommandOptions, output: Output): void {
  const key = options.credentials?.key;
  if (options.json) {
    output.json({
      url: router.url,
      wsUrl: router.wsUrl,
      publishUrl: router.publishUrl,
      pushUrl: router.pushUrl,
      realm: router.realm,
      port: router.port,
      signed: key !== undefined,
    });

    return;
  }

  const signing = key === undefined ? '' : ` --key ${shellQuote(key)}`;
  output.line(`Dev router running on ${router.url}, realm ${router.realm}${key === undefined ? '' : ', signed requests only'}`, 'bold');
  output.line(`  WebSocket (WAMP)      ${router.wsUrl}`);
  output.line(`  Publish (crossbar)    ${router.publishUrl}`);
  output.line(`  Push (appliance)      ${router.pushUrl}`);
  output.line('');
  output.line('Watch a topic:');
  output.line(`  autobahnpush subscribe com.example.hello --router ${router.wsUrl} --realm ${shellQuote(router.realm)}`, 'cyan');
  output.line(key === undefined ? 'Push to it:' : `Push to it, with ${ENV.secret} set to the router's secret:`);
  output.line(`  autobahnpush push com.example.hello '{"text":"hello"}' --url ${router.publishUrl}${signing}`, 'cyan');
  output.line('');
  output.line('Press Ctrl+C to stop.', 'dim');
}

const FLAG_OF_OPTION: Record<string, string> = {
  host: '--host',
  port: '--port',
  realm: '--realm',
  key: '--key',
  secret: '--secret',
  postBodyLimit: '--post-body-limit',
};

// The dev router names its own option ('option "realm"'); the user typed the flag.
function nameFlag(message: string, option: string | undefined): string {
  const flag = option === undefined ? undefined : FLAG_OF_OPTION[option];

  return flag === undefined ? message : message.replace(`option "${option}"`, flag);
}

function createLogger(output: Output, verbose: boolean): DevRouterLogger {
  const write = (level: string, message: string, context?: Record<string, unknown>) => {
    const details = context === undefined ? '' : ` ${JSON.stringify(context)}`;
    output.info(`[${new Date().toISOString()}] ${level} ${message}${details}`, level === 'error' ? 'red' : 'dim');
  };
  const ignore = () => {};

  return {
    debug: verbose ? (message, context) => write('debug', message, context) : ignore,
    info: verbose ? (message, context) => write('info', message, context) : ignore,
    warn: (message, context) => write('warn', message, context),
    error: (message, context) => write('error', message, context),
  };
}

/** Listens for SIGINT and SIGTERM until the first arrives or `dispose` is called. */
function listenForStopSignal(): { received: Promise<NodeJS.Signals>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const dispose = () => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      dispose();
      resolve(signal);
    };
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  return { received, dispose };
}

/** The `dev` command. */
export const devCommand: Command<DevCommandOptions> = { help, parse, run: dev };
