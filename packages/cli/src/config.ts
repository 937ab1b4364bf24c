import type { PushProtocol } from '@autobahnpush/core';
import { parseIntegerFlag } from './args.js';
import { UsageError } from './errors.js';
import { ENV } from './environment.js';
import { resolveSecret } from './secret.js';

/** Flags that set the endpoint, credentials and request limits of `push`, `publish` and `sign`. */
export const connectionFlags = {
  url: { type: 'string', multiple: true },
  key: { type: 'string' },
  secret: { type: 'string' },
  'secret-file': { type: 'string' },
  protocol: { type: 'string' },
  timeout: { type: 'string' },
  header: { type: 'string', multiple: true },
  'max-body-bytes': { type: 'string' },
  retries: { type: 'string' },
  pipelining: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

/** The values of {@link connectionFlags} as `parseArgs` returns them. */
export interface ConnectionFlagValues {
  url?: string[] | undefined;
  key?: string | undefined;
  secret?: string | undefined;
  'secret-file'?: string | undefined;
  protocol?: string | undefined;
  timeout?: string | undefined;
  header?: string[] | undefined;
  'max-body-bytes'?: string | undefined;
  retries?: string | undefined;
  pipelining?: string | undefined;
  verbose?: boolean | undefined;
}

/** Endpoint, credentials and request settings, after flags and environment are merged and validated. */
export interface Connection {
  /** http or https URLs of the push endpoint: the first, then the others for failover. */
  urls: string[];
  protocol: PushProtocol;
  /** Key and secret of a signed endpoint, or `undefined` for an unsigned one. */
  credentials: { key: string; secret: string } | undefined;
  timeout: number | undefined;
  headers: Record<string, string>;
  maxBodyBytes: number | undefined;
  /** Retries of a push that provably did not reach the router; `undefined` keeps the client's default. */
  retries: number | undefined;
  /** Requests in flight at once on one socket, or `undefined` for the client's default. */
  pipelining: number | undefined;
  /** Whether the client's log of attempts, retries and successes goes to stderr. */
  verbose: boolean;
  /** Warnings for stderr, for example that `--secret` leaks into shell history. */
  warnings: string[];
}

/**
 * Largest `--retries`, a guard against a typo such as 100: with the client's default
 * backoff cap of 5 s, ten retries can already wait about 50 s.
 */
const MAX_RETRIES = 10;

/** Largest `pipelining` that the core client accepts. */
const MAX_PIPELINING = 1_024;

/** Largest timeout Node.js timers accept, in milliseconds. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Merges connection flags with the environment: a flag wins over its environment variable,
 * and a value given by neither stays unset.
 *
 * @throws {UsageError} naming the flag or variable and the fix.
 */
export async function resolveConnection(
  values: ConnectionFlagValues,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<Connection> {
  const protocol = resolveProtocol(values.protocol, env);
  const urls = resolveUrls(values.url, env, protocol);
  const { credentials, warnings } = await resolveCredentials(values, env, cwd);

  return {
    urls,
    protocol,
    credentials,
    timeout:
      values.timeout === undefined
        ? undefined
        : parseIntegerFlag(values.timeout, '--timeout', 'a number of milliseconds', 1, MAX_TIMEOUT_MS),
    headers: parseHeaders(values.header ?? []),
    maxBodyBytes:
      values['max-body-bytes'] === undefined
        ? undefined
        : parseIntegerFlag(values['max-body-bytes'], '--max-body-bytes', 'a number of bytes', 1, Number.MAX_SAFE_INTEGER),
    retries:
      values.retries === undefined ? undefined : parseIntegerFlag(values.retries, '--retries', 'a number of retries', 0, MAX_RETRIES),
    pipelining:
      values.pipelining === undefined
        ? undefined
        : parseIntegerFlag(values.pipelining, '--pipelining', 'a number of requests', 1, MAX_PIPELINING),
    verbose: values.verbose === true,
    warnings,
  };
}

/**
 * Resolves `--protocol`, then `AUTOBAHNPUSH_PROTOCOL`, then `crossbar`.
 *
 * @throws {UsageError} for any other value.
 */
export function resolveProtocol(flag: string | undefined, env: NodeJS.ProcessEnv): PushProtocol {
  const fromEnv = nonEmpty(env[ENV.protocol]);
  const value = flag ?? fromEnv;
  if (value === undefined || value === 'crossbar' || value === 'appliance') {
    return value ?? 'crossbar';
  }
  const source = flag === undefined ? ENV.protocol : '--protocol';

  throw new UsageError(
    `Invalid ${source} ${JSON.stringify(value)}: use "crossbar" (Crossbar.io HTTP bridge) or ` +
      '"appliance" (Autobahn.ws appliance push API).',
  );
}

/**
 * Resolves `--url` (repeatable), then `AUTOBAHNPUSH_URL` (comma-separated), into one or
 * more push URLs.
 */
function resolveUrls(flags: string[] | undefined, env: NodeJS.ProcessEnv, protocol: PushProtocol): string[] {
  const fromEnv = nonEmpty(env[ENV.url])
    ?.split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  const values = flags ?? fromEnv;
  const example = `http://127.0.0.1:8080/${protocol === 'crossbar' ? 'publish' : 'push'}`;
  if (values === undefined || values.length === 0) {
    throw new UsageError(`Missing push URL: pass --url ${example} or set ${ENV.url}.`);
  }
  const source = flags === undefined ? ENV.url : '--url';

  return values.map((value) => validateUrl(value, source, example));
}

function validateUrl(value: string, source: string, example: string): string {
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new UsageError(
      `Invalid ${source} ${JSON.stringify(value)}: pass the absolute http or https URL of the ` +
        `push endpoint, for example ${example}.`,
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UsageError(
      `Invalid ${source}: it contains a user name or password, which would be sent in clear; ` +
        'remove them and use --key with a secret, or --header.',
    );
  }

  return value;
}

async function resolveCredentials(
  values: ConnectionFlagValues,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ credentials: Connection['credentials']; warnings: string[] }> {
  const { secret, warnings } = await resolveSecret(values, env, cwd);
  const key = values.key ?? nonEmpty(env[ENV.key]);
  if (key === undefined && secret === undefined) {
    return { credentials: undefined, warnings };
  }
  if (key === undefined) {
    throw new UsageError(
      `A secret was given without a key: pass --key or set ${ENV.key}, or remove the secret ` +
        'for an unsigned endpoint.',
    );
  }
  if (key === '') {
    throw new UsageError('Invalid --key "": pass the non-empty application key of the endpoint.');
  }
  if (secret === undefined) {
    throw new UsageError(
      `Key ${JSON.stringify(key)} was given without a secret: set ${ENV.secret} or pass ` +
        '--secret-file PATH.',
    );
  }

  return { credentials: { key, secret }, warnings };
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    if (name === '') {
      throw new UsageError(
        // The value may hold a token, so the message does not repeat it.
        'Invalid --header: it has no "Name:" part; write it as "Name: value", ' +
          'for example --header "Authorization: Bearer TOKEN".',
      );
    }
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
      throw new UsageError(
        `Invalid header name "${name}": use a valid HTTP token other than ` +
          `${[...RESERVED_HEADERS].join(', ')}, which the client sets itself.`,
      );
    }
    headers[name] = line.slice(colon + 1).trim();
  }

  return headers;
}

// The same rule as the client's `headers` option in @autobahnpush/core, so --dry-run never
// shows a request that the client would reject.
const RESERVED_HEADERS = new Set(['content-type', 'content-length', 'host', 'transfer-encoding']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
