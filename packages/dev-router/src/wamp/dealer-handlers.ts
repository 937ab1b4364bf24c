import { isWampId } from '../ids.js';
import { isValidUri } from '../uri.js';
import { type CallOutcome, type CancelMode, withPayload } from './call-request.js';
import type { Dealer } from './dealer.js';
import { isDict, MessageType, type WampMessage, WampUri } from './message-types.js';
import { expectProtocol } from './protocol-violation.js';
import type { MessageHandler } from './role.js';
import type { WampSession } from './session.js';

/** Largest `CALL.Options.timeout` in milliseconds: the largest delay `setTimeout()` supports. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const CANCEL_MODES: readonly CancelMode[] = ['skip', 'kill', 'killnowait'];

/** Creates the REGISTER, UNREGISTER, CALL, CANCEL, YIELD and ERROR handlers of `dealer`. */
export function createDealerHandlers(dealer: Dealer): ReadonlyMap<number, MessageHandler> {
  return new Map<number, MessageHandler>([
    [MessageType.REGISTER, (session, message) => handleRegister(dealer, session, message)],
    [MessageType.UNREGISTER, (session, message) => handleUnregister(dealer, session, message)],
    [MessageType.CALL, (session, message) => handleCall(dealer, session, message)],
    [MessageType.CANCEL, (session, message) => handleCancel(dealer, session, message)],
    [MessageType.YIELD, (session, message) => handleYield(dealer, session, message)],
    [MessageType.ERROR, (session, message) => handleInvocationError(dealer, session, message)],
  ]);
}

/** `[REGISTER, Request|id, Options|dict, Procedure|uri]` */
function handleRegister(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, request, options, procedure] = message;
  expectProtocol(message.length === 4 && isWampId(request) && isDict(options) && typeof procedure === 'string', 'REGISTER must be [64, Request|id, Options|dict, Procedure|uri]');

  if (options.match !== undefined && options.match !== 'exact') {
    sendError(session, MessageType.REGISTER, request, WampUri.invalidArgument, `match policy ${JSON.stringify(options.match)} is not supported: the dev router registers exact procedure URIs only`);

    return;
  }

  const outcome = dealer.register(session, procedure);
  if (!outcome.ok) {
    sendError(session, MessageType.REGISTER, request, outcome.error, outcome.message);

    return;
  }

  session.send([MessageType.REGISTERED, request, outcome.registration.id]);
}

/** `[UNREGISTER, Request|id, REGISTERED.Registration|id]` */
function handleUnregister(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, request, registrationId] = message;
  expectProtocol(message.length === 3 && isWampId(request) && isWampId(registrationId), 'UNREGISTER must be [66, Request|id, Registration|id]');

  if (!dealer.unregister(session, registrationId)) {
    sendError(session, MessageType.UNREGISTER, request, WampUri.noSuchRegistration, `this session has no registration ${registrationId}`);

    return;
  }

  session.send([MessageType.UNREGISTERED, request]);
}

/** `[CALL, Request|id, Options|dict, Procedure|uri, Arguments|list?, ArgumentsKw|dict?]` */
function handleCall(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, request, options, procedure, args = [], kwargs = {}] = message;
  expectProtocol(
    message.length >= 4 && message.length <= 6 && isWampId(request) && isDict(options) && typeof procedure === 'string' && Array.isArray(args) && isDict(kwargs),
    'CALL must be [48, Request|id, Options|dict, Procedure|uri, Arguments|list, ArgumentsKw|dict]',
  );
  expectProtocol(!dealer.hasPendingCall(session, request), `CALL request ID ${request} is already used by a pending call of this session`);

  const { timeout = 0, disclose_me: discloseMe = false } = options;
  if (!Number.isInteger(timeout) || (timeout as number) < 0 || (timeout as number) > MAX_TIMEOUT_MS) {
    sendError(session, MessageType.CALL, request, WampUri.invalidArgument, `CALL.Options.timeout must be an integer number of milliseconds from 0 to ${MAX_TIMEOUT_MS} (0 for none)`);

    return;
  }
  if (typeof discloseMe !== 'boolean') {
    sendError(session, MessageType.CALL, request, WampUri.invalidArgument, 'CALL.Options.disclose_me must be a boolean');

    return;
  }

  const settle = (outcome: CallOutcome): void => {
    const reply = outcome.ok ? [MessageType.RESULT, request, {}] : [MessageType.ERROR, MessageType.CALL, request, {}, outcome.error];
    session.send(withPayload(reply, outcome.args, outcome.kwargs));
  };
  dealer.call({ procedure, args, kwargs, caller: session, callRequest: request, timeoutMs: timeout as number, discloseMe }, settle);
}

/** `[CANCEL, CALL.Request|id, Options|dict]` */
function handleCancel(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, request, options] = message;
  expectProtocol(message.length === 3 && isWampId(request) && isDict(options), 'CANCEL must be [49, Request|id, Options|dict]');

  const mode = options.mode ?? 'killnowait';
  expectProtocol(CANCEL_MODES.includes(mode as CancelMode), `CANCEL.Options.mode must be 'skip', 'kill' or 'killnowait', got ${JSON.stringify(mode)}`);

  dealer.cancel(session, request, mode as CancelMode);
}

/** `[YIELD, INVOCATION.Request|id, Options|dict, Arguments|list?, ArgumentsKw|dict?]` */
function handleYield(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, request, options, args = [], kwargs = {}] = message;
  expectProtocol(
    message.length >= 3 && message.length <= 5 && isWampId(request) && isDict(options) && Array.isArray(args) && isDict(kwargs),
    'YIELD must be [70, Request|id, Options|dict, Arguments|list, ArgumentsKw|dict]',
  );

  if (options.progress === true) {
    // The dealer announces no progressive call results, so no caller waits for one.
    dealer.logger.debug('Progressive YIELD dropped', { session: session.id, invocation: request });

    return;
  }

  if (!dealer.complete(session, request, { ok: true, args, kwargs })) {
    dealer.logger.debug('YIELD for no pending invocation dropped', { session: session.id, invocation: request });
  }
}

/** `[ERROR, INVOCATION, INVOCATION.Request|id, Details|dict, Error|uri, Arguments|list?, ArgumentsKw|dict?]` */
function handleInvocationError(dealer: Dealer, session: WampSession, message: WampMessage): void {
  const [, requestType, request, details, error, args = [], kwargs = {}] = message;
  expectProtocol(
    message.length >= 5 && message.length <= 7 && isWampId(request) && isDict(details) && typeof error === 'string' && Array.isArray(args) && isDict(kwargs),
    'ERROR must be [8, Type|int, Request|id, Details|dict, Error|uri, Arguments|list, ArgumentsKw|dict]',
  );
  expectProtocol(requestType === MessageType.INVOCATION, `a client may send ERROR only in reply to INVOCATION (68), got request type ${String(requestType)}`);
  expectProtocol(isValidUri(error), `ERROR.Error must be a WAMP URI, got '${error}'`);

  if (!dealer.complete(session, request, { ok: false, error, args, kwargs })) {
    dealer.logger.debug('ERROR for no pending invocation dropped', { session: session.id, invocation: request });
  }
}

function sendError(session: WampSession, requestType: number, request: number, error: string, reason: string): void {
  session.send([MessageType.ERROR, requestType, request, {}, error, [reason]]);
}
