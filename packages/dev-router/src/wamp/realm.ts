import { randomWampId } from '../ids.js';
import type { DevRouterLogger } from '../logger.js';
import type { WampMessage } from './message-types.js';
import { ProtocolViolation } from './protocol-violation.js';
import type { MessageHandler, RouterRole } from './role.js';
import type { WampSession } from './session.js';

/**
 * Public facts about a session that has joined the realm, as listed by `router.sessions`.
 *
 * @example
 * ```ts
 * const [session] = router.sessions;
 * const body = JSON.stringify({ topic: 'com.example.news', args: ['hi'], options: { exclude: [session.id] } });
 * await fetch(router.publishUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 * ```
 */
export interface SessionInfo {
  /** WAMP session ID, a random integer in [1, 2^53]. */
  readonly id: number;
  /** The `authid` from HELLO, or a generated one when HELLO had none. */
  readonly authid: string;
  /** The `authrole` from HELLO, or `anonymous`. */
  readonly authrole: string;
}

/**
 * The single realm of the dev router: the joined sessions and the roles
 * (broker, later dealer) that serve them.
 */
export class Realm {
  readonly name: string;
  readonly logger: DevRouterLogger;
  private readonly sessionsById = new Map<number, WampSession>();
  private readonly roles: RouterRole[] = [];
  private readonly handlers = new Map<number, MessageHandler>();

  constructor(name: string, logger: DevRouterLogger) {
    this.name = name;
    this.logger = logger;
  }

  /** Adds a role and takes over its message handlers. */
  addRole(role: RouterRole): void {
    this.roles.push(role);
    for (const [type, handler] of role.handlers) this.handlers.set(type, handler);
  }

  /** `WELCOME.Details.roles`: each role with its features. */
  welcomeRoles(): Record<string, { features: Record<string, boolean> }> {
    const roles: Record<string, { features: Record<string, boolean> }> = {};
    for (const role of this.roles) roles[role.name] = { features: { ...role.features } };

    return roles;
  }

  /** Draws a session ID that no joined session uses. */
  allocateSessionId(): number {
    let id = randomWampId();
    while (this.sessionsById.has(id)) id = randomWampId();

    return id;
  }

  join(session: WampSession): void {
    this.sessionsById.set(session.id, session);
    this.logger.debug('WAMP session joined', { session: session.id, authid: session.authid, authrole: session.authrole });
  }

  leave(session: WampSession): void {
    if (this.sessionsById.get(session.id) !== session) return;

    this.sessionsById.delete(session.id);
    for (const role of this.roles) role.removeSession(session);
    this.logger.debug('WAMP session left', { session: session.id });
  }

  /** Routes a message of a joined session to the role that owns its type. */
  dispatch(session: WampSession, message: WampMessage): void {
    const handler = this.handlers.get(message[0] as number);
    if (handler === undefined) {
      throw new ProtocolViolation(`message type ${String(message[0])} is not supported by this router (roles: ${this.roles.map((role) => role.name).join(', ')})`);
    }

    handler(session, message);
  }

  get sessions(): IterableIterator<WampSession> {
    return this.sessionsById.values();
  }

  sessionInfos(): readonly SessionInfo[] {
    return Object.freeze([...this.sessionsById.values()].map((session) => Object.freeze({ id: session.id, authid: session.authid, authrole: session.authrole })));
  }
}
