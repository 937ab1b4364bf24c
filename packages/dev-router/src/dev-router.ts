import type { PublicationEvent } from './wamp/publication.js';
import type { SessionInfo } from './wamp/realm.js';

/**
 * Events that a `DevRouter` emits, with their listener signatures.
 *
 * @example
 * ```ts
 * router.on('publication', (event) => console.log(event.topic));
 * ```
 */
export interface DevRouterEvents {
  /** Emitted once for every accepted publication, from any of the three entry points. */
  publication: (event: PublicationEvent) => void;
}

/**
 * A running dev router, returned by `startDevRouter()`.
 *
 * @example
 * ```ts
 * const router = await startDevRouter();
 * console.log(router.wsUrl, router.publishUrl);
 * await router.close();
 * ```
 */
export interface DevRouter {
  /** HTTP base URL, e.g. `http://127.0.0.1:50123`. IPv6 hosts are bracketed. */
  readonly url: string;
  /** WebSocket URL for WAMP clients, e.g. `ws://127.0.0.1:50123/ws`. */
  readonly wsUrl: string;
  /** URL of the Crossbar.io-compatible HTTP publisher, e.g. `http://127.0.0.1:50123/publish`. */
  readonly publishUrl: string;
  /** URL of the Crossbar.io-compatible HTTP caller, e.g. `http://127.0.0.1:50123/call`. */
  readonly callUrl: string;
  /** URL of the Autobahn.ws appliance push endpoint, e.g. `http://127.0.0.1:50123/push`. */
  readonly pushUrl: string;
  /** The realm clients join. */
  readonly realm: string;
  /** The TCP port the router listens on (the real one when the `port` option was 0). */
  readonly port: number;
  /** The host the router listens on, as given in the options (without brackets). */
  readonly host: string;
  /** A snapshot of the sessions that have joined the realm and not left. */
  readonly sessions: readonly SessionInfo[];

  /**
   * Sends GOODBYE `wamp.close.system_shutdown` to every session, closes every
   * WebSocket and stops the HTTP server. Resolves when no socket is left
   * open. Calling it again returns the same promise.
   */
  close(): Promise<void>;

  /** Adds a listener for a router event. */
  on<E extends keyof DevRouterEvents>(event: E, listener: DevRouterEvents[E]): this;
  /** Adds a listener that is removed after its first call. */
  once<E extends keyof DevRouterEvents>(event: E, listener: DevRouterEvents[E]): this;
  /** Removes a listener added with `on()` or `once()`. */
  off<E extends keyof DevRouterEvents>(event: E, listener: DevRouterEvents[E]): this;
}
