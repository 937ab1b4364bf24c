import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDict, type WampDict } from '../wamp/message-types.js';
import { checkBridgeQuery } from './bridge-auth.js';
import { readBody } from './body.js';
import { checkJsonContentType } from './content-type.js';
import type { EndpointContext } from './endpoint-context.js';
import type { QueryParameters } from './query.js';
import { sendBridgeError, sendEmpty, setBridgeHeaders } from './responses.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** One of the Crossbar.io HTTP bridge endpoints that share the request checks. */
export interface BridgeEndpoint {
  /** Path of the endpoint, for messages, e.g. `/publish`. */
  readonly path: string;
  /** Body member that names the target, `topic` or `procedure`. */
  readonly member: string;
  /** Log message for a rejected request, e.g. `HTTP publish rejected`. */
  readonly rejectedLog: string;
}

/** Sends a bridge error response with `status` and `message`, logs it at debug level and returns `undefined`. */
export type BridgeRejecter = (status: number, message: string) => undefined;

/** Creates the function that rejects a request to `endpoint` with a logged bridge error. */
export function bridgeRejecter(response: ServerResponse, context: EndpointContext, endpoint: BridgeEndpoint): BridgeRejecter {
  return (status, message) => {
    context.options.logger.debug(endpoint.rejectedLog, { status, message });
    sendBridgeError(response, status, message);

    return undefined;
  };
}

/**
 * Runs the request checks that `/publish` and `/call` share, in Crossbar.io's
 * order: method (OPTIONS gets 200 at once), Content-Type and charset,
 * body limit (413), signature parameters, UTF-8, JSON object. Returns the
 * parsed body, or `undefined` once the response has been sent.
 */
export async function readBridgeRequest(request: IncomingMessage, response: ServerResponse, query: QueryParameters, context: EndpointContext, endpoint: BridgeEndpoint): Promise<WampDict | undefined> {
  setBridgeHeaders(request, response);
  const reject = bridgeRejecter(response, context, endpoint);

  if (request.method === 'OPTIONS') {
    response.setHeader('allow', 'POST, PUT, OPTIONS');
    response.setHeader('access-control-allow-methods', 'POST, PUT, OPTIONS');
    sendEmpty(response, 200);

    return undefined;
  }
  if (request.method !== 'POST' && request.method !== 'PUT') {
    response.setHeader('allow', 'POST, PUT, OPTIONS');
    reject(405, `Method ${request.method ?? ''} not allowed on ${endpoint.path}: use POST or PUT.`);

    return undefined;
  }

  const { options } = context;
  const body = await readBody(request, options.publishBodyLimit);

  const contentType = checkJsonContentType(request.headers['content-type']);
  if (!contentType.ok) return reject(400, contentType.message);

  if (body.tooLarge) {
    return reject(413, `Request body too large: ${body.length} bytes, the limit is ${options.publishBodyLimit} bytes.`);
  }

  const auth = checkBridgeQuery(query, body.bytes, options, context.replayGuard, Date.now());
  if (!auth.ok) return reject(auth.status, auth.message);

  let text: string;
  try {
    text = UTF8.decode(body.bytes);
  } catch {
    return reject(400, 'Request body is not valid UTF-8.');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return reject(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }

  if (!isDict(parsed)) return reject(400, `Request body must be a JSON object with a "${endpoint.member}" member.`);

  return parsed;
}
