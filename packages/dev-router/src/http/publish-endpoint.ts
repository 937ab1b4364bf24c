import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDict } from '../wamp/message-types.js';
import { parsePublishOptions } from '../wamp/publish-options.js';
import { type BridgeEndpoint, bridgeRejecter, readBridgeRequest } from './bridge-request.js';
import type { EndpointContext } from './endpoint-context.js';
import type { QueryParameters } from './query.js';
import { sendJson } from './responses.js';

const PUBLISH_ENDPOINT: BridgeEndpoint = { path: '/publish', member: 'topic', rejectedLog: 'HTTP publish rejected' };

/**
 * Serves `/publish`, the Crossbar.io HTTP bridge publisher. Checks run in
 * Crossbar.io's order: method, Content-Type and charset, body limit (413),
 * signature parameters, UTF-8, JSON object, `topic`. A publication that the
 * broker rejects is a 200 whose body has an `error` member, as in Crossbar.io.
 */
export async function handlePublish(request: IncomingMessage, response: ServerResponse, query: QueryParameters, context: EndpointContext): Promise<void> {
  const event = await readBridgeRequest(request, response, query, context, PUBLISH_ENDPOINT);
  if (event === undefined) return;

  const reject = bridgeRejecter(response, context, PUBLISH_ENDPOINT);
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
