import type { NormalizedOptions } from '../options.js';
import type { Broker } from '../wamp/broker.js';
import type { Realm } from '../wamp/realm.js';
import type { ReplayGuard } from './replay-guard.js';

/** What the HTTP endpoints need from the router. */
export interface EndpointContext {
  readonly options: NormalizedOptions;
  readonly broker: Broker;
  readonly realm: Realm;
  readonly replayGuard: ReplayGuard;
}
