import type { Credentials, PushHttpRequest } from './http-request.js';
import { platform } from './platform/current.js';
import { withQuery } from './http-request.js';
import {
  optionalCredentials,
  optionalHeaders,
  optionalStringList,
  requireObject,
  requireString,
  requireUrl,
} from './input-checks.js';
import { computeApplianceSignature } from './signature.js';
import { formatApplianceTimestamp } from './timestamp.js';

/** Inputs of {@link buildApplianceRequest}. */
export interface ApplianceRequestInput {
  /** Push URL of the Autobahn.ws appliance. */
  url: string | URL;
  /** WAMP v1 topic URI, for example `http://example.com/topic1`. */
  topic: string;
  /** Serialised JSON of the event: the whole body. */
  body: string;
  /** Signs the request when given (`appkey`, `timestamp`, `signature`). */
  credentials?: Credentials | undefined;
  /** Timestamp string. @default the current time, formatted by `formatApplianceTimestamp` */
  timestamp?: string | undefined;
  /** Session IDs that must not receive the event, already as strings. Not signed. */
  exclude?: readonly string[] | undefined;
  /** Only these session IDs may receive the event, already as strings. Not signed. */
  eligible?: readonly string[] | undefined;
  /** Extra headers; `content-type` and `content-length` are always set by the builder. */
  headers?: Record<string, string> | undefined;
  /** A signature computed elsewhere (asynchronously, with Web Crypto); skips signing here. */
  signature?: string | undefined;
}

/**
 * Builds an Autobahn.ws appliance push request:
 * `POST url?topicuri=T&topic=T[&appkey=K&timestamp=T&signature=S][&exclude=..][&eligible=..]`
 * with the event JSON as body and `application/x-www-form-urlencoded` as content type, which
 * the appliance requires although the body is JSON. Both `topicuri` and `topic` are sent
 * because releases from late 2013 on read `topic`, older ones `topicuri`.
 */
export function buildApplianceRequest(input: ApplianceRequestInput): PushHttpRequest {
  const fields = requireObject(input, 'request input');

  return createApplianceRequest({
    url: requireUrl(fields.url),
    topic: requireString(fields.topic, 'topic'),
    body: requireString(fields.body, 'body', true),
    credentials: optionalCredentials(fields.credentials),
    timestamp: fields.timestamp === undefined ? undefined : requireString(fields.timestamp, 'timestamp'),
    exclude: optionalStringList(fields.exclude, 'exclude'),
    eligible: optionalStringList(fields.eligible, 'eligible'),
    headers: optionalHeaders(fields.headers),
  });
}

/** Builds an appliance request from checked input; buildApplianceRequest() and the client call it. */
export function createApplianceRequest(input: ApplianceRequestInput): PushHttpRequest {
  const topic = encodeURIComponent(input.topic);
  let query = `topicuri=${topic}&topic=${topic}`;
  const credentials = input.credentials;
  if (credentials !== undefined) {
    const timestamp = input.timestamp ?? formatApplianceTimestamp();
    const signature =
      input.signature ??
      computeApplianceSignature(credentials.secret, {
        topic: input.topic,
        key: credentials.key,
        timestamp,
        body: input.body,
      });
    query +=
      `&appkey=${encodeURIComponent(credentials.key)}&timestamp=${encodeURIComponent(timestamp)}` +
      `&signature=${encodeURIComponent(signature)}`;
  }
  if (input.exclude !== undefined && input.exclude.length > 0) {
    query += `&exclude=${encodeURIComponent(input.exclude.join(','))}`;
  }
  if (input.eligible !== undefined) {
    query += `&eligible=${encodeURIComponent(input.eligible.join(','))}`;
  }

  return {
    method: 'POST',
    url: withQuery(input.url, query),
    headers: {
      ...input.headers,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(platform.byteLength(input.body)),
    },
    body: input.body,
  };
}
