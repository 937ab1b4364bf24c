import { randomWampId } from '../ids.js';
import type { MatchPolicy } from '../uri.js';
import type { WampSession } from './session.js';

/**
 * A subscription as WAMP defines it: one topic pattern and match policy,
 * shared by every session that subscribed to the same pair, with one ID.
 */
export interface Subscription {
  readonly id: number;
  readonly topic: string;
  readonly match: MatchPolicy;
  readonly subscribers: Set<WampSession>;
}

/** The broker's subscriptions, looked up by ID and by publication topic. */
export class SubscriptionRegistry {
  private readonly byPattern = new Map<string, Subscription>();
  private readonly byId = new Map<number, Subscription>();

  /** Adds `session` to the subscription for (`topic`, `match`), creating it when needed. */
  add(session: WampSession, topic: string, match: MatchPolicy): Subscription {
    const key = patternKey(topic, match);
    let subscription = this.byPattern.get(key);
    if (subscription === undefined) {
      let id = randomWampId();
      while (this.byId.has(id)) id = randomWampId();

      subscription = { id, topic, match, subscribers: new Set() };
      this.byPattern.set(key, subscription);
      this.byId.set(id, subscription);
    }

    subscription.subscribers.add(session);

    return subscription;
  }

  /** Removes `session` from subscription `id`. Returns `false` when the session was not subscribed. */
  remove(session: WampSession, id: number): boolean {
    const subscription = this.byId.get(id);
    if (subscription === undefined || !subscription.subscribers.delete(session)) return false;

    this.dropIfEmpty(subscription);

    return true;
  }

  /** Removes `session` from every subscription, for a session that left. */
  removeSession(session: WampSession): void {
    for (const subscription of [...this.byId.values()]) {
      if (subscription.subscribers.delete(session)) this.dropIfEmpty(subscription);
    }
  }

  /** Subscriptions whose pattern matches the publication topic `topic`. */
  matching(topic: string): Subscription[] {
    const result: Subscription[] = [];
    for (const subscription of this.byId.values()) {
      if (topicMatches(subscription.topic, subscription.match, topic)) result.push(subscription);
    }

    return result;
  }

  private dropIfEmpty(subscription: Subscription): void {
    if (subscription.subscribers.size > 0) return;

    this.byId.delete(subscription.id);
    this.byPattern.delete(patternKey(subscription.topic, subscription.match));
  }
}

/**
 * Returns `true` when a publication to `topic` reaches a subscription to
 * `pattern` under `match`. A wildcard pattern has the same number of
 * dot-separated components as the topic, and each non-empty component must be equal.
 */
export function topicMatches(pattern: string, match: MatchPolicy, topic: string): boolean {
  if (match === 'exact') return pattern === topic;
  if (match === 'prefix') return topic.startsWith(pattern);

  const patternParts = pattern.split('.');
  const topicParts = topic.split('.');
  if (patternParts.length !== topicParts.length) return false;

  return patternParts.every((part, index) => part === '' || part === topicParts[index]);
}

function patternKey(topic: string, match: MatchPolicy): string {
  return `${match}\u0000${topic}`;
}
