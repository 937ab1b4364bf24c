import {
  assertApplianceTopic,
  assertPublishMessage,
  buildApplianceRequest,
  buildCrossbarRequest,
  type PublishMessage,
  type PushHttpRequest,
  serializeCrossbarPublication,
  serializeCrossbarPush,
} from '@autobahnpush/core';
import type { Connection } from './config.js';
import { UsageError } from './errors.js';
import { shellQuote } from './shell-quote.js';

/** Payload of a previewed request: one event, or the full WAMP form. */
export type PreviewPayload =
  | { event: unknown; exclude?: (number | string)[] | undefined; eligible?: (number | string)[] | undefined }
  | { message: PublishMessage };

/** Inputs of {@link buildPreviewRequest}. */
export interface PreviewInput {
  connection: Connection;
  topic: string;
  payload: PreviewPayload;
  /** Crossbar `seq`. @default 1 */
  seq?: number | undefined;
  /** Timestamp string. @default the current time */
  timestamp?: string | undefined;
  /** Crossbar nonce. @default a random integer */
  nonce?: string | undefined;
}

/** Query parameters that carry the key or the signature. */
const SECRET_QUERY_PARAMETERS = new Set(['key', 'appkey', 'signature']);
/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** Replacement text of masked values. */
export const MASK = '***';

/**
 * Builds the exact request a push would send, with the same builders the client uses.
 *
 * @throws {AutobahnPushError} `ERR_INVALID_ARGUMENT` for an invalid topic or payload.
 */
export function buildPreviewRequest(input: PreviewInput): PushHttpRequest {
  const { connection, topic, payload } = input;
  const headers = lowerCaseNames(connection.headers);
  if (connection.protocol === 'crossbar') {
    const body =
      'message' in payload
        ? serializeCrossbarPublication(topic, payload.message)
        : serializeCrossbarPush(topic, payload.event, payload);

    return buildCrossbarRequest({
      url: firstUrl(connection),
      body,
      seq: input.seq ?? 1,
      credentials: connection.credentials,
      timestamp: input.timestamp,
      nonce: input.nonce,
      headers,
    });
  }

  assertApplianceTopic(topic);
  if ('message' in payload) {
    assertPublishMessage(payload.message);
  }
  const audience = 'message' in payload ? payload.message.options ?? {} : payload;
  const event = 'message' in payload ? applianceEventOf(payload.message) : payload.event;

  return buildApplianceRequest({
    url: firstUrl(connection),
    topic,
    body: JSON.stringify(event),
    credentials: connection.credentials,
    timestamp: input.timestamp,
    exclude: audience.exclude?.map(String),
    eligible: audience.eligible?.map(String),
    headers,
  });
}

/** Replaces the key, the signature and credential headers with {@link MASK}. */
export function maskRequest(request: PushHttpRequest): PushHttpRequest {
  const queryStart = request.url.indexOf('?');
  let url = request.url;
  if (queryStart !== -1) {
    const query = request.url
      .slice(queryStart + 1)
      .split('&')
      .map((pair) => {
        const name = pair.split('=', 1)[0] ?? '';

        return SECRET_QUERY_PARAMETERS.has(name) ? `${name}=${MASK}` : pair;
      });
    url = `${request.url.slice(0, queryStart)}?${query.join('&')}`;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = SECRET_HEADERS.has(name.toLowerCase()) ? MASK : value;
  }

  return { ...request, url, headers };
}

/** Formats `request` like an HTTP message: request line with the full URL, headers, blank line, body. */
export function formatRequest(request: PushHttpRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);

  return [`${request.method} ${request.url}`, ...headers, '', request.body].join('\n');
}

/**
 * Formats a `curl` command that sends `request`. `--data-binary` sends the body bytes
 * unchanged, so a signature over them stays valid; curl sets Content-Length itself.
 */
export function formatCurl(request: PushHttpRequest): string {
  const parts = ['curl', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'content-length') {
      parts.push('-H', shellQuote(`${name}: ${value}`));
    }
  }
  parts.push('--data-binary', shellQuote(request.body));

  return parts.join(' ');
}

// A preview shows the request to the first URL, which the client tries first.
function firstUrl(connection: Connection): string {
  return connection.urls[0] as string;
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

// The appliance carries one event with exclude/eligible, as the core client enforces.
function applianceEventOf(message: PublishMessage): unknown {
  const args = message.args ?? [];
  const extraOptions = Object.keys(message.options ?? {}).filter(
    (name) => name !== 'exclude' && name !== 'eligible',
  );
  if (args.length !== 1 || Object.keys(message.kwargs ?? {}).length > 0 || extraOptions.length > 0) {
    throw new UsageError(
      'The appliance protocol carries exactly one event in args, no kwargs, and only the ' +
        'exclude and eligible options; change the message or use --protocol crossbar.',
    );
  }

  return args[0];
}
