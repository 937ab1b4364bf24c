import {
  type AutobahnPushError,
  CallFailedError,
  HttpError,
  NoSuchProcedureError,
  PayloadTooLargeError,
  RejectedError,
  type RequestContext,
  UnauthorizedError,
} from './errors.js';
import { isPlainObject } from './publish-options.js';

/** Result of a push that the router accepted. */
export interface PushReceipt {
  /** WAMP publication ID from Crossbar; the appliance's 202 carries none. */
  id?: number;
}

/** Context of a response, for error messages. */
export interface ResponseContext extends RequestContext {
  /** Strings to replace by `[redacted]` wherever server text is copied into an error. */
  secrets: readonly string[];
}

const MAX_REASON_LENGTH = 300;

/**
 * Turns a Crossbar bridge response into a receipt, or into the typed error it means.
 * A 200 whose body has an `error` member is a refusal by the router, not a success.
 */
export function readCrossbarResponse(
  status: number,
  text: string,
  context: ResponseContext,
): PushReceipt {
  const json = parseJson(text);
  if (status === 200 && isPlainObject(json)) {
    if (typeof json.error === 'string') {
      throw rejected(json, context);
    }
    if (typeof json.id === 'number') {
      return { id: json.id };
    }
  }

  throw failure(status, json, text, context);
}

/** Result of a call: the callee's positional and keyword results. */
export interface CallResult<Args extends readonly unknown[] = unknown[], Kwargs = Record<string, unknown>> {
  /** Positional results; `[]` when the callee returned none. */
  args: Args;
  /** Keyword results; `{}` when the callee returned none. */
  kwargs: Kwargs;
}

/**
 * Turns a Crossbar Caller response into the call's result. A 200 with an `error` member is
 * an error raised by the callee (`ERR_CALL_FAILED`), or `ERR_NO_SUCH_PROCEDURE` when no
 * callee is registered.
 */
export function readCallResponse(status: number, text: string, context: ResponseContext): CallResult {
  const json = parseJson(text);
  if (status === 200 && isPlainObject(json)) {
    if (typeof json.error === 'string') {
      throw callFailed(json, context);
    }
    const args = json.args === undefined ? [] : json.args;
    const kwargs = json.kwargs === undefined ? {} : json.kwargs;
    if (Array.isArray(args) && isPlainObject(kwargs)) {
      return { args, kwargs };
    }
  }

  throw failure(status, json, text, context);
}

function callFailed(json: Record<string, unknown>, context: ResponseContext): CallFailedError {
  // The error URI is the callee's identifier, kept as sent; only free text is redacted.
  const uri = String(json.error);
  const args = Array.isArray(json.args) ? json.args : [];
  const kwargs = isPlainObject(json.kwargs) ? json.kwargs : {};
  const detail = typeof args[0] === 'string' ? `: ${redact(args[0], context.secrets)}` : '';
  const procedure = context.procedure ?? 'the procedure';
  if (uri === 'wamp.error.no_such_procedure') {
    return new NoSuchProcedureError(
      `No callee is registered for procedure "${procedure}". Start the component that ` +
        'registers it, or check the procedure URI.',
      { ...context, uri, args, kwargs },
    );
  }

  return new CallFailedError(`The call of procedure "${procedure}" failed with ${uri}${detail}.`, {
    ...context,
    uri,
    args,
    kwargs,
  });
}

/** Turns an appliance response into a receipt (202, no ID) or into the typed error it means. */
export function readApplianceResponse(
  status: number,
  text: string,
  context: ResponseContext,
): PushReceipt {
  if (status === 202) {
    return {};
  }

  throw failure(status, parseJson(text), text, context);
}

function rejected(json: Record<string, unknown>, context: ResponseContext): RejectedError {
  // The URI is an identifier chosen by the router, kept as sent; only free text is redacted.
  const uri = String(json.error);
  const args = Array.isArray(json.args) ? json.args : [];
  const kwargs = isPlainObject(json.kwargs) ? json.kwargs : {};
  const detail = typeof args[0] === 'string' ? `: ${redact(args[0], context.secrets)}` : '';

  return new RejectedError(
    `The router rejected the publication to ${describeTopic(context)} with ${uri}${detail}. ` +
      'Check the topic URI and the router\'s authorization rules for the bridge.',
    { ...context, uri, args, kwargs },
  );
}

function failure(
  status: number,
  json: unknown,
  text: string,
  context: ResponseContext,
): AutobahnPushError {
  const reason = redact(reasonOf(status, json, text), context.secrets);
  const where = `POST ${context.url ?? 'the push endpoint'}`;
  const errorContext = { topic: context.topic, procedure: context.procedure, url: context.url, reason };
  if (status === 401) {
    return new UnauthorizedError(
      `${where} was rejected with 401 (${reason}). Check that key and secret match the ` +
        "router's configuration for this endpoint.",
      errorContext,
    );
  }
  if (status === 413) {
    return new PayloadTooLargeError(
      `${where} was rejected with 413 (${reason}). Send a smaller event or raise the ` +
        "router's post_body_limit.",
      { topic: context.topic, procedure: context.procedure, url: context.url, status },
    );
  }
  if (status >= 200 && status < 300) {
    return new HttpError(
      `${where} responded with ${status} and a body that is not a ${context.procedure === undefined ? 'push' : 'call'} ` +
        `result (${reason}). Check that the URL points at the HTTP bridge ${context.procedure === undefined ? 'publisher' : 'caller'}.`,
      { ...errorContext, status },
    );
  }

  return new HttpError(`${where} failed with ${status} (${reason}).`, {
    ...errorContext,
    status,
  });
}

function reasonOf(status: number, json: unknown, text: string): string {
  if (isPlainObject(json) && typeof json.error === 'string') {
    return truncate(json.error);
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  if (title?.[1]?.trim()) {
    return truncate(title[1].trim());
  }
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  return plain.length > 0 ? truncate(plain) : `empty body, status ${status}`;
}

function parseJson(text: string): unknown {
  if (text.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function truncate(text: string): string {
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 3)}...` : text;
}

function describeTopic(context: ResponseContext): string {
  return context.topic === undefined ? 'the router' : `topic "${context.topic}"`;
}

// Shorter keys and secrets would turn ordinary words of a message into "[redacted]".
const MIN_REDACTED_LENGTH = 4;

/**
 * Replaces every occurrence of each key or secret in `text` by `[redacted]`.
 *
 * NOTE: values shorter than 4 characters are left alone, because replacing them would
 * mangle unrelated words. Such short values are not secret in any useful sense.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_REDACTED_LENGTH) {
      result = result.split(secret).join('[redacted]');
    }
  }

  return result;
}
