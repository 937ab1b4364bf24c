import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { isValidUri } from '../uri.js';
import { isDict, MessageType, type WampMessage, WampUri } from './message-types.js';
import { expectProtocol, ProtocolViolation } from './protocol-violation.js';
import type { Realm } from './realm.js';

/** WebSocket close codes (RFC 6455, section 7.4.1). */
const CLOSE_NORMAL = 1000;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_INTERNAL_ERROR = 1011;

type SessionState = 'establishing' | 'open' | 'closed';

/**
 * One WAMP session on one WebSocket: handles HELLO, GOODBYE and ABORT itself
 * and hands every other message of a joined session to the realm.
 */
export class WampSession {
  id = 0;
  authid = '';
  authrole = '';
  /** Whether the peer announced `roles.callee.features.call_canceling` in HELLO, so it understands INTERRUPT. */
  calleeCancels = false;
  private state: SessionState = 'establishing';
  private readonly socket: WebSocket;
  private readonly realm: Realm;

  constructor(socket: WebSocket, realm: Realm) {
    this.socket = socket;
    this.realm = realm;

    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.closed());
    // ws emits 'error' for frames over maxPayload and for invalid frames, right
    // after it starts the close handshake itself. Without a listener the error
    // would crash the process. The session leaves at once, since nothing more
    // will be read from the socket.
    socket.on('error', (error) => {
      realm.logger.debug('WebSocket error', { session: this.id, error: error.message });
      this.leaveRealm();
    });
  }

  /** Whether the session has joined and not yet left. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Serialises `message` as JSON and sends it, unless the WebSocket is closing. */
  send(message: WampMessage): void {
    this.sendText(JSON.stringify(message));
  }

  /** Sends an already serialised message, so a broker can reuse one EVENT text for many subscribers. */
  sendText(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  /** Sends GOODBYE `wamp.close.system_shutdown` and closes the WebSocket, for router shutdown. */
  shutdown(): void {
    if (this.state === 'open') this.send([MessageType.GOODBYE, { message: 'The dev router is shutting down.' }, WampUri.systemShutdown]);
    this.close(CLOSE_GOING_AWAY, 'router shutdown');
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;

    try {
      expectProtocol(!isBinary, 'binary WebSocket message received, but the wamp.2.json subprotocol sends text messages');
      const message = parseMessage(rawDataToString(data));
      this.handle(message);
    } catch (error) {
      if (error instanceof ProtocolViolation) {
        this.realm.logger.debug('WAMP protocol violation', { session: this.id, reason: error.message });
        this.abort(WampUri.protocolViolation, error.message, CLOSE_PROTOCOL_ERROR);

        return;
      }

      // A bug in a handler must not take down the process that runs the tests.
      this.realm.logger.error('Unexpected error while handling a WAMP message', { session: this.id, error });
      this.abort(WampUri.runtimeError, 'internal error in the dev router', CLOSE_INTERNAL_ERROR);
    }
  }

  private handle(message: WampMessage): void {
    const type = message[0];
    if (this.state === 'establishing') {
      expectProtocol(type === MessageType.HELLO, `expected HELLO as the first message, got message type ${String(type)}`);
      this.hello(message);

      return;
    }

    if (type === MessageType.HELLO) throw new ProtocolViolation('HELLO received on a session that has already joined');
    if (type === MessageType.GOODBYE) this.goodbye(message);
    else if (type === MessageType.ABORT) this.close(CLOSE_NORMAL, 'aborted by peer');
    else this.realm.dispatch(this, message);
  }

  private hello(message: WampMessage): void {
    const [, realm, details] = message;
    expectProtocol(message.length === 3 && typeof realm === 'string' && isDict(details), 'HELLO must be [1, Realm|uri, Details|dict]');

    if (realm !== this.realm.name) {
      this.abort(WampUri.noSuchRealm, `realm '${realm}' does not exist on this router, so join '${this.realm.name}' instead`, CLOSE_NORMAL);

      return;
    }

    expectProtocol(details.authid === undefined || typeof details.authid === 'string', 'HELLO.Details.authid must be a string');
    expectProtocol(details.authrole === undefined || typeof details.authrole === 'string', 'HELLO.Details.authrole must be a string');
    // Dev-only trust: the router takes authid and authrole from HELLO as given,
    // without authentication, so tests can act as any user or role.
    this.id = this.realm.allocateSessionId();
    this.authid = (details.authid as string | undefined) ?? `anonymous-${randomBytes(6).toString('hex')}`;
    this.authrole = (details.authrole as string | undefined) ?? 'anonymous';
    this.calleeCancels = announcesCallCanceling(details.roles);
    this.state = 'open';
    this.realm.join(this);

    this.send([
      MessageType.WELCOME,
      this.id,
      { realm: this.realm.name, authid: this.authid, authrole: this.authrole, authmethod: 'anonymous', authprovider: 'dev-router', roles: this.realm.welcomeRoles() },
    ]);
  }

  private goodbye(message: WampMessage): void {
    const [, details, reason] = message;
    expectProtocol(message.length === 3 && isDict(details) && isValidUri(reason), 'GOODBYE must be [6, Details|dict, Reason|uri]');

    this.send([MessageType.GOODBYE, {}, WampUri.goodbyeAndOut]);
    this.close(CLOSE_NORMAL, 'goodbye');
  }

  private abort(reason: string, text: string, closeCode: number): void {
    this.send([MessageType.ABORT, { message: text }, reason]);
    this.close(closeCode, reason);
  }

  private close(code: number, reason: string): void {
    this.leaveRealm();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason.slice(0, 120));
    }
  }

  private closed(): void {
    this.leaveRealm();
  }

  private leaveRealm(): void {
    if (this.state === 'open') this.realm.leave(this);
    this.state = 'closed';
  }
}

/** Reads `HELLO.Details.roles.callee.features.call_canceling`; any other shape counts as not announced. */
function announcesCallCanceling(roles: unknown): boolean {
  if (!isDict(roles) || !isDict(roles.callee) || !isDict(roles.callee.features)) return false;

  return roles.callee.features.call_canceling === true;
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');

  return data.toString('utf8');
}

function parseMessage(text: string): WampMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new ProtocolViolation('WebSocket message is not valid JSON');
  }

  expectProtocol(Array.isArray(message) && message.length > 0, 'a WAMP message must be a non-empty JSON array');
  expectProtocol(Number.isInteger(message[0]), 'a WAMP message must start with an integer message type');

  return message;
}
