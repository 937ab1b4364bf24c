import type { WampDict } from './message-types.js';
import type { WampSession } from './session.js';

/** A call handed to the dealer by a WebSocket caller or by the `/call` endpoint. */
export interface CallRequest {
  readonly procedure: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<WampDict>;
  /** Calling WebSocket session, `undefined` for `/call`. */
  readonly caller: WampSession | undefined;
  /** The caller's CALL request ID, `undefined` for `/call`. */
  readonly callRequest: number | undefined;
  /** Milliseconds until the dealer cancels the call; 0 for no limit. */
  readonly timeoutMs: number;
  /** Whether INVOCATION.Details discloses the caller's session ID, authid and authrole. */
  readonly discloseMe: boolean;
}

/**
 * Outcome of a call: the callee's result, or the error URI with its
 * arguments that the callee or the dealer raised.
 */
export type CallOutcome =
  | { readonly ok: true; readonly args: readonly unknown[]; readonly kwargs: Readonly<WampDict> }
  | { readonly ok: false; readonly error: string; readonly args: readonly unknown[]; readonly kwargs: Readonly<WampDict> };

/**
 * `CANCEL.Options.mode` of the WAMP call canceling feature:
 * `skip` replies ERROR to the caller without notifying the callee,
 * `killnowait` also sends the callee INTERRUPT, and `kill` sends INTERRUPT
 * and waits for the callee's YIELD or ERROR. A callee that did not announce call canceling never gets
 * INTERRUPT, so `kill` then behaves like `skip`.
 */
export type CancelMode = 'skip' | 'kill' | 'killnowait';

/** Returns a failed outcome whose one positional argument is `reason`. */
export function failure(error: string, reason: string): CallOutcome {
  return { ok: false, error, args: [reason], kwargs: {} };
}

/**
 * Appends `args` and `kwargs` to a WAMP message the way the specification
 * allows omitting them: `kwargs` only when it is not empty, `args` when
 * either is not empty.
 */
export function withPayload(message: unknown[], args: readonly unknown[], kwargs: Readonly<WampDict>): unknown[] {
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (args.length > 0 || hasKwargs) message.push(args);
  if (hasKwargs) message.push(kwargs);

  return message;
}
