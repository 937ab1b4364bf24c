/**
 * Thrown by message handlers when a peer breaks the WAMP protocol (wrong
 * message shape, message not allowed in the session's state). The session
 * catches it, sends ABORT `wamp.error.protocol_violation` and closes the
 * WebSocket.
 */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

/** Throws `ProtocolViolation` with `message` unless `condition` holds. */
export function expectProtocol(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ProtocolViolation(message);
}
