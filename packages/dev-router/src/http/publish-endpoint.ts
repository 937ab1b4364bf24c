import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDict } from '../wamp/message-types.js';
import { parsePublishOptions } from '../wamp/publish-options.js';
import { checkBridgeQuery } from './bridge-auth.js';
import { readBody } from './body.js';
import { checkJsonContentType } from './content-type.js';
import type { EndpointContext } from './endpoint-context.js';
import type { QueryParameters } from './query.js';
import { sendBridgeError, sendEmpty, sendJson, setBridgeHeaders } from './responses.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Serves `/publish`, the Crossbar.io HTTP bridge publisher. Checks run in
 * Crossbar.io's order: method, Content-Type and charset, body limit (413),
 * signature parameters, UTF-8, JSON object, `topic`. A publication that the
 * broker rejects is a 200 whose body has an `error` member, as in Crossbar.io.
 */
export async function handlePublish(request: IncomingMessage, response: ServerResponse, query: QueryParameters, context: EndpointContext): Promise<void> {
  setBridgeHeaders(request, response);
  const reject = (status: number, message: string): void => {
    context.options.logger.debug('HTTP publish rejected', { status, message });
    sendBridgeError(response, status, message);
  };

  if (request.method === 'OPTIONS') {
    response.setHeader('allow', 'POST, PUT, OPTIONS');
    response.setHeader('access-control-allow-methods', 'POST, PUT, OPTIONS');
    sendEmpty(response, 200);

    return;
  }
  if (request.method !== 'POST' && request.method !== 'PUT') {
    response.setHeader('allow', 'POST, PUT, OPTIONS');
    reject(405, `Method ${request.method ?? ''} not allowed on /publish: use POST or PUT.`);

    return;
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

  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return reject(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }

  if (!isDict(event)) return reject(400, 'Request body must be a JSON object with a "topic" member.');
  if (!('topic' in event)) return reject(400, 'Request body has no "topic" member: give the topic URI to publish to.');
  if (typeof event.topic !== 'string') return reject(400, '"topic" must be a string (a WAMP URI such as "com.example.topic").');

  // Crossbar.io treats a null (or otherwise falsy) args, kwargs or options as absent.
  const args = event.args ?? [];
  if (!Array.isArray(args)) return reject(400, '"args" must be an array of positional arguments.');

  const kwargs = event.kwargs ?? {};
  if (!isDict(kwargs)) return reject(400, '"kwargs" must be an object of keyword arguments.');

  const rawOptions = event.options ?? {};
  const parsed = parsePublishOptions(rawOptions);
  if (!parsed.ok) return reject(400, parsed.message);

  const outcome = context.broker.publish({
    topic: event.topic,
    args,
    kwargs,
    options: parsed.options,
    rawOptions: rawOptions as Record<string, unknown>,
    publisher: undefined,
    source: 'http',
    checkTopicUri: true,
  });
  if (!outcome.ok) {
    context.options.logger.debug('HTTP publication rejected by the broker', { topic: event.topic, error: outcome.error });
    sendJson(response, 200, { error: outcome.error, args: [outcome.message], kwargs: {} });

    return;
  }

  sendJson(response, 200, { id: outcome.publicationId });
}
