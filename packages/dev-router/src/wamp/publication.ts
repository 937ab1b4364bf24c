import type { PublishOptions } from './publish-options.js';
import type { WampDict } from './message-types.js';
import type { WampSession } from './session.js';

/**
 * Entry point through which a publication reached the router: `http` for
 * `/publish`, `appliance` for `/push`, `wamp` for a WebSocket PUBLISH.
 *
 * @example
 * ```ts
 * router.on('publication', ({ source }) => expect(source).toBe('http'));
 * ```
 */
export type PublicationSource = 'http' | 'wamp' | 'appliance';

/**
 * Payload of the router's `publication` event, emitted once for every
 * accepted publication, whether or not any subscriber received it.
 *
 * @example
 * ```ts
 * router.on('publication', ({ topic, args, publicationId, source }) => {
 *   console.log(source, topic, publicationId, args);
 * });
 * ```
 */
export interface PublicationEvent {
  /** Topic URI the publication was made to. */
  readonly topic: string;
  /** Positional payload, `[]` when none was given. */
  readonly args: readonly unknown[];
  /** Keyword payload, `{}` when none was given. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /**
   * Publish options as the publisher sent them: `PUBLISH.Options` for WAMP,
   * the `options` member for `/publish`, and `exclude`/`eligible` lists of
   * the query strings for `/push`.
   */
  readonly options: Readonly<Record<string, unknown>>;
  /** WAMP publication ID, the `id` that `/publish` returns. */
  readonly publicationId: number;
  /** Endpoint that received the publication. */
  readonly source: PublicationSource;
}

/** A publication handed to the broker by one of the three entry points. */
export interface PublicationRequest {
  readonly topic: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly options: PublishOptions;
  /** Options as sent, passed through to the `publication` event. */
  readonly rawOptions: WampDict;
  /** Publishing WebSocket session, `undefined` for HTTP publications. */
  readonly publisher: WampSession | undefined;
  readonly source: PublicationSource;
  /**
   * Whether the topic must be a WAMP v2 URI. Appliance pushes use WAMP v1
   * topics such as `http://example.com/chat#message`, which the v2 rule rejects.
   */
  readonly checkTopicUri: boolean;
}

/** Result of a publication: its ID, or the WAMP error URI and reason that rejected it. */
export type PublishOutcome = { ok: true; publicationId: number } | { ok: false; error: string; message: string };
