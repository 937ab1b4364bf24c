import { isWampId } from '../ids.js';
import { isReservedUri, isValidTopicPattern, type MatchPolicy } from '../uri.js';
import type { Broker } from './broker.js';
import { isDict, MessageType, type WampMessage, WampUri } from './message-types.js';
import { expectProtocol } from './protocol-violation.js';
import { parsePublishOptions } from './publish-options.js';
import type { MessageHandler } from './role.js';
import type { WampSession } from './session.js';

const MATCH_POLICIES: readonly MatchPolicy[] = ['exact', 'prefix', 'wildcard'];

/** Creates the SUBSCRIBE, UNSUBSCRIBE and PUBLISH handlers of `broker`. */
export function createBrokerHandlers(broker: Broker): ReadonlyMap<number, MessageHandler> {
  return new Map<number, MessageHandler>([
    [MessageType.SUBSCRIBE, (session, message) => handleSubscribe(broker, session, message)],
    [MessageType.UNSUBSCRIBE, (session, message) => handleUnsubscribe(broker, session, message)],
    [MessageType.PUBLISH, (session, message) => handlePublish(broker, session, message)],
  ]);
}

/** `[SUBSCRIBE, Request|id, Options|dict, Topic|uri]` */
function handleSubscribe(broker: Broker, session: WampSession, message: WampMessage): void {
  const [, request, options, topic] = message;
  expectProtocol(message.length === 4 && isWampId(request) && isDict(options) && typeof topic === 'string', 'SUBSCRIBE must be [32, Request|id, Options|dict, Topic|uri]');

  const match = options.match ?? 'exact';
  if (!MATCH_POLICIES.includes(match as MatchPolicy)) {
    sendError(session, MessageType.SUBSCRIBE, request, WampUri.invalidArgument, `invalid match policy ${JSON.stringify(match)}: use 'exact', 'prefix' or 'wildcard'`);

    return;
  }
  if (options.get_retained !== undefined && typeof options.get_retained !== 'boolean') {
    sendError(session, MessageType.SUBSCRIBE, request, WampUri.invalidArgument, 'SUBSCRIBE.Options.get_retained must be a boolean');

    return;
  }
  if (!isValidTopicPattern(topic, match as MatchPolicy)) {
    sendError(session, MessageType.SUBSCRIBE, request, WampUri.invalidUri, `invalid topic '${topic}' for a subscription with match '${String(match)}'`);

    return;
  }
  if (isReservedUri(topic)) {
    sendError(session, MessageType.SUBSCRIBE, request, WampUri.invalidUri, `topic '${topic}' is reserved, and the dev router publishes no meta events`);

    return;
  }

  const subscription = broker.subscribe(session, topic, match as MatchPolicy);
  session.send([MessageType.SUBSCRIBED, request, subscription.id]);
  if (options.get_retained === true) broker.sendRetained(session, subscription);
}

/** `[UNSUBSCRIBE, Request|id, SUBSCRIBED.Subscription|id]` */
function handleUnsubscribe(broker: Broker, session: WampSession, message: WampMessage): void {
  const [, request, subscriptionId] = message;
  expectProtocol(message.length === 3 && isWampId(request) && isWampId(subscriptionId), 'UNSUBSCRIBE must be [34, Request|id, Subscription|id]');

  if (!broker.unsubscribe(session, subscriptionId)) {
    sendError(session, MessageType.UNSUBSCRIBE, request, WampUri.noSuchSubscription, `this session has no subscription ${subscriptionId}`);

    return;
  }

  session.send([MessageType.UNSUBSCRIBED, request]);
}

/** `[PUBLISH, Request|id, Options|dict, Topic|uri, Arguments|list?, ArgumentsKw|dict?]` */
function handlePublish(broker: Broker, session: WampSession, message: WampMessage): void {
  const [, request, rawOptions, topic, args = [], kwargs = {}] = message;
  expectProtocol(
    message.length >= 4 && message.length <= 6 && isWampId(request) && isDict(rawOptions) && typeof topic === 'string' && Array.isArray(args) && isDict(kwargs),
    'PUBLISH must be [16, Request|id, Options|dict, Topic|uri, Arguments|list, ArgumentsKw|dict]',
  );

  // The broker replies to a publication (PUBLISHED or ERROR) only when the
  // publisher requested acknowledge, because autobahn-js treats any other reply as a protocol violation.
  const acknowledge = rawOptions.acknowledge === true;
  const parsed = parsePublishOptions(rawOptions);
  if (!parsed.ok) {
    if (acknowledge) sendError(session, MessageType.PUBLISH, request, WampUri.invalidArgument, parsed.message);
    broker.logger.debug('WAMP publication rejected', { session: session.id, topic, reason: parsed.message });

    return;
  }

  const outcome = broker.publish({ topic, args, kwargs, options: parsed.options, rawOptions, publisher: session, source: 'wamp', checkTopicUri: true });
  if (!outcome.ok) {
    if (acknowledge) sendError(session, MessageType.PUBLISH, request, outcome.error, outcome.message);
    broker.logger.debug('WAMP publication rejected', { session: session.id, topic, reason: outcome.message });

    return;
  }

  if (acknowledge) session.send([MessageType.PUBLISHED, request, outcome.publicationId]);
}

function sendError(session: WampSession, requestType: number, request: number, error: string, reason: string): void {
  session.send([MessageType.ERROR, requestType, request, {}, error, [reason]]);
}
