import type { WampMessage } from './message-types.js';
import type { WampSession } from './session.js';

/** Handles one WAMP message type for a session that has joined the realm. */
export type MessageHandler = (session: WampSession, message: WampMessage) => void;

/**
 * A router role (broker now, dealer later) that the realm announces in
 * WELCOME and that receives the message types it owns.
 */
export interface RouterRole {
  /** Key under `WELCOME.Details.roles`, for example `broker`. */
  readonly name: string;
  /** Advanced profile features announced under `roles.<name>.features`. */
  readonly features: Readonly<Record<string, boolean>>;
  /** Message type code to handler, for example PUBLISH to the broker's publish handler. */
  readonly handlers: ReadonlyMap<number, MessageHandler>;
  /** Releases everything the role keeps for `session`, which has left the realm. */
  removeSession(session: WampSession): void;
}
