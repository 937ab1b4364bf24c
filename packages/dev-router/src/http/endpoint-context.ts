import type { NormalizedOptions } from '../options.js';
import type { Broker } from '../wamp/broker.js';
import type { Dealer } from '../wamp/dealer.js';
import type { Realm } from '../wamp/realm.js';
import type { ReplayGuard } from './replay-guard.js';

/** Router state that the HTTP endpoints use. */
export interface EndpointContext {
  readonly options: NormalizedOptions;
  readonly broker: Broker;
  readonly dealer: Dealer;
  readonly realm: Realm;
  readonly replayGuard: ReplayGuard;
}
