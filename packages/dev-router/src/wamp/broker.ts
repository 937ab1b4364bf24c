import { randomWampId } from '../ids.js';
import type { DevRouterLogger } from '../logger.js';
import { createBrokerHandlers } from './broker-handlers.js';
import { isReservedUri, isValidUri, type MatchPolicy } from '../uri.js';
import { isReceiver } from './delivery-filter.js';
import { MessageType, type WampDict, WampUri } from './message-types.js';
import type { PublicationEvent, PublicationRequest, PublishOutcome } from './publication.js';
import type { MessageHandler, RouterRole } from './role.js';
import type { WampSession } from './session.js';
import { type Subscription, SubscriptionRegistry } from './subscriptions.js';

/**
 * Topics under this prefix are rejected with `wamp.error.not_authorized`, so
 * client tests can exercise the authorization-failure path (Crossbar.io's
 * HTTP bridge returns that error as a 200 response with an `error` member).
 *
 * @example
 * ```ts
 * // POST {"topic": "denied.orders"} to /publish
 * // -> 200 {"error": "wamp.error.not_authorized", "args": [...], "kwargs": {}}
 * ```
 */
export const DENIED_TOPIC_PREFIX = 'denied.';

interface RetainedPublication {
  readonly publicationId: number;
  readonly request: PublicationRequest;
  readonly publisherId: number | undefined;
}

/**
 * The broker role: subscriptions, publications from WebSocket and HTTP
 * publishers, event delivery with black- and whitelisting, and the last
 * retained event of each topic.
 */
export class Broker implements RouterRole {
  readonly name = 'broker';
  readonly features = {
    publisher_identification: true,
    publisher_exclusion: true,
    subscriber_blackwhite_listing: true,
    pattern_based_subscription: true,
    event_retention: true,
  };
  readonly handlers: ReadonlyMap<number, MessageHandler>;
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly retained = new Map<string, RetainedPublication>();
  private readonly onPublication: (event: PublicationEvent) => void;
  readonly logger: DevRouterLogger;

  constructor(logger: DevRouterLogger, onPublication: (event: PublicationEvent) => void) {
    this.logger = logger;
    this.onPublication = onPublication;
    this.handlers = createBrokerHandlers(this);
  }

  /** Adds `session` to the subscription for (`topic`, `match`) and returns that subscription. */
  subscribe(session: WampSession, topic: string, match: MatchPolicy): Subscription {
    return this.subscriptions.add(session, topic, match);
  }

  /** Sends `session` the retained events that `subscription` matches, after SUBSCRIBED went out. */
  sendRetained(session: WampSession, subscription: Subscription): void {
    for (const [topic, retained] of this.retained) {
      if (!this.subscriptions.matching(topic).includes(subscription)) continue;
      if (!isReceiver(session, retained.request.options, retained.publisherId)) continue;

      session.sendText(eventText(subscription, retained.publicationId, retained.request, true));
    }
  }

  /** Removes `session` from subscription `id`; `false` when it was not subscribed. */
  unsubscribe(session: WampSession, id: number): boolean {
    return this.subscriptions.remove(session, id);
  }

  removeSession(session: WampSession): void {
    this.subscriptions.removeSession(session);
  }

  /**
   * Checks the topic, delivers the publication to every matching subscriber
   * that the options allow, keeps it when `retain` is set, and emits the
   * `publication` event.
   */
  publish(request: PublicationRequest): PublishOutcome {
    const rejection = checkTopic(request);
    if (rejection !== undefined) return rejection;

    const publicationId = randomWampId();
    const publisherId = request.publisher?.id;
    for (const subscription of this.subscriptions.matching(request.topic)) {
      let text: string | undefined;
      for (const subscriber of subscription.subscribers) {
        if (!subscriber.isOpen || !isReceiver(subscriber, request.options, publisherId)) continue;

        text ??= eventText(subscription, publicationId, request, false);
        subscriber.sendText(text);
      }
    }

    if (request.options.retain) this.retained.set(request.topic, { publicationId, request, publisherId });

    this.onPublication({
      topic: request.topic,
      args: request.args,
      kwargs: request.kwargs,
      options: request.rawOptions,
      publicationId,
      source: request.source,
    });

    return { ok: true, publicationId };
  }
}

function checkTopic(request: PublicationRequest): PublishOutcome | undefined {
  const { topic } = request;
  const valid = request.checkTopicUri ? isValidUri(topic) : topic.length > 0 && !/\s/u.test(topic);
  if (!valid) {
    return { ok: false, error: WampUri.invalidUri, message: `invalid topic URI '${topic}': use dot-separated components without whitespace or '#', e.g. 'com.example.topic'` };
  }

  if (isReservedUri(topic)) {
    return { ok: false, error: WampUri.invalidUri, message: `topic '${topic}' is reserved: URIs under 'wamp.' belong to the router` };
  }

  if (topic.startsWith(DENIED_TOPIC_PREFIX)) {
    return { ok: false, error: WampUri.notAuthorized, message: `publishing to '${topic}' is not authorized: the dev router rejects every topic under '${DENIED_TOPIC_PREFIX}'` };
  }

  return undefined;
}

function eventText(subscription: Subscription, publicationId: number, request: PublicationRequest, retained: boolean): string {
  const details: WampDict = {};
  if (subscription.match !== 'exact') details.topic = request.topic;
  if (retained) details.retained = true;
  if (request.options.discloseMe && request.publisher !== undefined) {
    details.publisher = request.publisher.id;
    details.publisher_authid = request.publisher.authid;
    details.publisher_authrole = request.publisher.authrole;
  }

  const message: unknown[] = [MessageType.EVENT, subscription.id, publicationId, details];
  const hasKwargs = Object.keys(request.kwargs).length > 0;
  if (request.args.length > 0 || hasKwargs) message.push(request.args);
  if (hasKwargs) message.push(request.kwargs);

  return JSON.stringify(message);
}
