import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallOutcome } from '../wamp/call-request.js';
import { isDict, type WampDict } from '../wamp/message-types.js';
import { type BridgeEndpoint, bridgeRejecter, readBridgeRequest } from './bridge-request.js';
import type { EndpointContext } from './endpoint-context.js';
import type { QueryParameters } from './query.js';
import { sendJson } from './responses.js';

const CALL_ENDPOINT: BridgeEndpoint = { path: '/call', member: 'procedure', rejectedLog: 'HTTP call rejected' };

/**
 * Serves `/call`, the Crossbar.io HTTP bridge caller. The request checks are
 * those of `/publish`, followed by `procedure`, `args` and `kwargs`. The
 * callee's result is a 200 with `args` and `kwargs`, and an error raised by
 * the callee or the dealer is also a 200, with an `error` member, as in
 * Crossbar.io. A call still pending when its HTTP client disconnects is
 * abandoned, and a callee that announced call canceling gets INTERRUPT.
 */
export async function handleCall(request: IncomingMessage, response: ServerResponse, query: QueryParameters, context: EndpointContext): Promise<void> {
  const body = await readBridgeRequest(request, response, query, context, CALL_ENDPOINT);
  if (body === undefined) return;

  const reject = bridgeRejecter(response, context, CALL_ENDPOINT);
  if (!('procedure' in body)) return reject(400, 'Request body has no "procedure" member: give the URI of the procedure to call.');
  if (typeof body.procedure !== 'string') return reject(400, '"procedure" must be a string (a WAMP URI such as "com.example.add2").');

  // Crossbar.io treats a null (or otherwise falsy) args or kwargs as absent.
  const args = body.args ?? [];
  if (!Array.isArray(args)) return reject(400, '"args" must be an array of positional arguments.');

  const kwargs = body.kwargs ?? {};
  if (!isDict(kwargs)) return reject(400, '"kwargs" must be an object of keyword arguments.');

  const procedure = body.procedure;
  let settled = false;
  const settle = (outcome: CallOutcome): void => {
    settled = true;
    if (!outcome.ok) context.options.logger.debug('HTTP call failed', { procedure, error: outcome.error });
    if (response.destroyed) return;

    sendJson(response, 200, outcome.ok ? resultBody(outcome.args, outcome.kwargs) : { error: outcome.error, args: outcome.args, kwargs: outcome.kwargs });
  };
  const invocation = context.dealer.call({ procedure, args, kwargs, caller: undefined, callRequest: undefined, timeoutMs: context.options.callTimeout, discloseMe: false }, settle);
  if (invocation === undefined) return;

  response.once('close', () => {
    if (settled) return;

    context.options.logger.debug('HTTP caller disconnected before the call ended', { procedure, invocation });
    context.dealer.abandon(invocation);
  });
}

/**
 * Builds the success body the way Crossbar.io's caller does with an
 * autobahn-python session. A result of several positional values or with
 * keyword values lists only the non-empty members. A single value is
 * `{"args": [value]}`, and an empty result becomes `{"args": [null]}`,
 * because autobahn-python turns it into `None`.
 */
export function resultBody(args: readonly unknown[], kwargs: Readonly<WampDict>): WampDict {
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (args.length <= 1 && !hasKwargs) return { args: [args.length === 1 ? args[0] : null] };

  const body: WampDict = {};
  if (args.length > 0) body.args = args;
  if (hasKwargs) body.kwargs = kwargs;

  return body;
}
