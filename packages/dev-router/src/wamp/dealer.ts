import type { DevRouterLogger } from '../logger.js';
import { isReservedUri, isValidUri } from '../uri.js';
import { DENIED_TOPIC_PREFIX } from './broker.js';
import { type CallOutcome, type CallRequest, type CancelMode, failure, withPayload } from './call-request.js';
import { createDealerHandlers } from './dealer-handlers.js';
import { MessageType, type WampDict, WampUri } from './message-types.js';
import { type Registration, RegistrationRegistry } from './registrations.js';
import type { MessageHandler, RouterRole } from './role.js';
import type { WampSession } from './session.js';

/** Result of `Dealer.register()`: the new registration, or the WAMP error URI and reason. */
export type RegisterOutcome = { ok: true; registration: Registration } | { ok: false; error: string; message: string };

/** A call that reached a callee and has not ended yet. */
interface Invocation {
  /** `INVOCATION.Request`: the ID that the callee's YIELD or ERROR refers to. */
  readonly id: number;
  readonly procedure: string;
  readonly callee: WampSession;
  readonly caller: WampSession | undefined;
  readonly callRequest: number | undefined;
  readonly settle: (outcome: CallOutcome) => void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The dealer role of the WAMP v2 basic profile: registrations, calls from
 * WebSocket callers and from `/call`, results and errors from callees,
 * caller-side timeouts and call canceling.
 *
 * A timed-out call and a call whose callee left both end with
 * `wamp.error.canceled`. The callee gets INTERRUPT only when it announced
 * `call_canceling`; otherwise its late YIELD or ERROR is dropped.
 */
export class Dealer implements RouterRole {
  readonly name = 'dealer';
  readonly features = {
    caller_identification: true,
    call_canceling: true,
    call_timeout: true,
  };
  readonly handlers: ReadonlyMap<number, MessageHandler>;
  readonly logger: DevRouterLogger;
  private readonly registrations = new RegistrationRegistry();
  private readonly invocations = new Map<number, Invocation>();
  private nextInvocationId = 1;

  constructor(logger: DevRouterLogger) {
    this.logger = logger;
    this.handlers = createDealerHandlers(this);
  }

  /** Registers `procedure` for `callee` after checking its URI and that no other callee has it. */
  register(callee: WampSession, procedure: string): RegisterOutcome {
    if (!isValidUri(procedure)) {
      return { ok: false, error: WampUri.invalidUri, message: `invalid procedure URI '${procedure}': use dot-separated components without whitespace or '#', e.g. 'com.example.add2'` };
    }
    if (isReservedUri(procedure)) {
      return { ok: false, error: WampUri.invalidUri, message: `procedure '${procedure}' is reserved: URIs under 'wamp.' belong to the router` };
    }
    if (procedure.startsWith(DENIED_TOPIC_PREFIX)) {
      return { ok: false, error: WampUri.notAuthorized, message: `registering '${procedure}' is not authorized: the dev router rejects every procedure under '${DENIED_TOPIC_PREFIX}'` };
    }

    const existing = this.registrations.get(procedure);
    if (existing !== undefined) {
      return { ok: false, error: WampUri.procedureAlreadyExists, message: `procedure '${procedure}' is already registered by session ${existing.callee.id}` };
    }

    return { ok: true, registration: this.registrations.add(callee, procedure) };
  }

  /** Removes registration `id` of `callee`; `false` when `callee` has no such registration. */
  unregister(callee: WampSession, id: number): boolean {
    return this.registrations.remove(callee, id);
  }

  /**
   * Routes a call to the callee of its procedure. `settle` receives the
   * outcome once, synchronously when the dealer rejects the call at once. It
   * is never called for a call that is abandoned or whose caller leaves.
   * Returns the invocation ID while the call is pending, so `/call` can
   * abandon it when its HTTP client goes away.
   */
  call(request: CallRequest, settle: (outcome: CallOutcome) => void): number | undefined {
    const { procedure } = request;
    const rejection = checkProcedure(procedure);
    if (rejection !== undefined) {
      settle(rejection);

      return undefined;
    }

    const registration = this.registrations.get(procedure);
    if (registration === undefined) {
      settle(failure(WampUri.noSuchProcedure, `no callee has registered procedure '${procedure}'`));

      return undefined;
    }

    const invocation: Invocation = {
      id: this.nextInvocationId++,
      procedure,
      callee: registration.callee,
      caller: request.caller,
      callRequest: request.callRequest,
      settle,
      timer: undefined,
    };
    this.invocations.set(invocation.id, invocation);

    const details: WampDict = {};
    if (request.discloseMe && request.caller !== undefined) {
      details.caller = request.caller.id;
      details.caller_authid = request.caller.authid;
      details.caller_authrole = request.caller.authrole;
    }
    registration.callee.send(withPayload([MessageType.INVOCATION, invocation.id, registration.id, details], request.args, request.kwargs));

    if (request.timeoutMs > 0) {
      invocation.timer = setTimeout(() => {
        this.logger.debug('WAMP call timed out', { procedure, invocation: invocation.id, timeoutMs: request.timeoutMs });
        this.interrupt(invocation, 'killnowait');
        this.finish(invocation, failure(WampUri.canceled, `the call of '${procedure}' timed out after ${request.timeoutMs} ms`));
      }, request.timeoutMs);
      // A pending call must not keep the test process alive.
      invocation.timer.unref();
    }

    return invocation.id;
  }

  /**
   * Ends invocation `id` with the YIELD or ERROR that `callee` sent. Returns
   * `false` when `callee` has no such pending invocation, for example a YIELD
   * that arrives after the call timed out.
   */
  complete(callee: WampSession, id: number, outcome: CallOutcome): boolean {
    const invocation = this.invocations.get(id);
    if (invocation === undefined || invocation.callee !== callee) return false;

    this.finish(invocation, outcome);

    return true;
  }

  /** Returns `true` while `caller` has a pending call with request ID `callRequest`. */
  hasPendingCall(caller: WampSession, callRequest: number): boolean {
    return this.findCall(caller, callRequest) !== undefined;
  }

  /** Cancels the pending call `callRequest` of `caller` (WAMP CANCEL). Unknown calls are ignored, as they may have just ended. */
  cancel(caller: WampSession, callRequest: number, mode: CancelMode): void {
    const invocation = this.findCall(caller, callRequest);
    if (invocation === undefined) return;

    if (mode === 'kill' && invocation.callee.calleeCancels) {
      // The call stays pending, so the YIELD or ERROR that the callee sends after INTERRUPT reaches the caller.
      this.interrupt(invocation, 'kill');

      return;
    }

    if (mode === 'killnowait') this.interrupt(invocation, 'killnowait');
    this.finish(invocation, failure(WampUri.canceled, `the caller canceled the call of '${invocation.procedure}'`));
  }

  /** Drops pending invocation `id` without replying to anyone, for a `/call` client that disconnected. */
  abandon(id: number): void {
    const invocation = this.invocations.get(id);
    if (invocation === undefined) return;

    this.interrupt(invocation, 'killnowait');
    this.remove(invocation);
  }

  /**
   * Removes the registrations of a session that left. Its pending calls as a
   * callee fail at once with `wamp.error.canceled`, and its pending calls as
   * a caller are dropped.
   */
  removeSession(session: WampSession): void {
    this.registrations.removeSession(session);

    for (const invocation of [...this.invocations.values()]) {
      if (invocation.caller === session) {
        this.interrupt(invocation, 'killnowait');
        this.remove(invocation);
      } else if (invocation.callee === session) {
        this.logger.debug('WAMP call canceled because its callee left', { procedure: invocation.procedure, invocation: invocation.id, callee: session.id });
        this.finish(invocation, failure(WampUri.canceled, `callee session ${session.id} left before it answered the call of '${invocation.procedure}'`));
      }
    }
  }

  private findCall(caller: WampSession, callRequest: number): Invocation | undefined {
    for (const invocation of this.invocations.values()) {
      if (invocation.caller === caller && invocation.callRequest === callRequest) return invocation;
    }

    return undefined;
  }

  /** Sends INTERRUPT to the callee if it announced call canceling, because other callees do not understand the message. */
  private interrupt(invocation: Invocation, mode: 'kill' | 'killnowait'): void {
    if (!invocation.callee.calleeCancels || !invocation.callee.isOpen) return;

    invocation.callee.send([MessageType.INTERRUPT, invocation.id, { mode }]);
  }

  private remove(invocation: Invocation): void {
    this.invocations.delete(invocation.id);
    clearTimeout(invocation.timer);
  }

  private finish(invocation: Invocation, outcome: CallOutcome): void {
    this.remove(invocation);
    try {
      invocation.settle(outcome);
    } catch (error) {
      // The callee that sent YIELD or ERROR must not be aborted for a fault on the caller's side.
      this.logger.error('Failed to deliver a call outcome to the caller', { procedure: invocation.procedure, invocation: invocation.id, error });
    }
  }
}

function checkProcedure(procedure: string): CallOutcome | undefined {
  if (!isValidUri(procedure)) {
    return failure(WampUri.invalidUri, `invalid procedure URI '${procedure}': use dot-separated components without whitespace or '#', e.g. 'com.example.add2'`);
  }
  if (isReservedUri(procedure)) {
    return failure(WampUri.noSuchProcedure, `procedure '${procedure}' does not exist: the dev router provides no meta procedures under 'wamp.'`);
  }
  if (procedure.startsWith(DENIED_TOPIC_PREFIX)) {
    return failure(WampUri.notAuthorized, `calling '${procedure}' is not authorized: the dev router rejects every procedure under '${DENIED_TOPIC_PREFIX}'`);
  }

  return undefined;
}
