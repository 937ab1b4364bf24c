/**
 * `@autobahnpush/dev-router`: a local WAMP v2 router with Crossbar.io's HTTP
 * publisher and caller and the Autobahn.ws appliance push endpoint, for demos
 * and integration tests.
 */
export { startDevRouter } from './start-dev-router.js';
export type { DevRouter, DevRouterEvents } from './dev-router.js';
export type { DevRouterOptions } from './options.js';
export type { DevRouterLogger } from './logger.js';
export type { SessionInfo } from './wamp/realm.js';
export type { PublicationEvent, PublicationSource } from './wamp/publication.js';
export { DevRouterError, InvalidOptionError, isDevRouterError, type DevRouterErrorCode } from './errors.js';
export { DENIED_TOPIC_PREFIX } from './wamp/broker.js';
