import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { serializeJson } from './json.js';
import { isPlainObject } from './publish-options.js';
import { assertWampUri } from './uri.js';

/**
 * Describes one procedure for a typed {@link ProcedureMap}: what it takes and what it returns.
 *
 * @example
 * ```ts
 * type Procedures = {
 *   'com.myapp.add2': { args: [number, number]; result: { args: [number] } };
 * };
 * ```
 */
export interface ProcedureSignature {
  /** Positional arguments the procedure takes. */
  args?: readonly unknown[];
  /** Keyword arguments the procedure takes. */
  kwargs?: Record<string, unknown>;
  /** The procedure's result. */
  result?: { args?: readonly unknown[]; kwargs?: Record<string, unknown> };
}

/** Maps each procedure URI to its {@link ProcedureSignature}, so `call` checks both sides. */
export type ProcedureMap = Record<string, ProcedureSignature>;

/** Arguments of one call. */
export interface CallInput<Signature extends ProcedureSignature = ProcedureSignature> {
  /** Positional arguments. */
  args?: Signature['args'];
  /** Keyword arguments. */
  kwargs?: Signature['kwargs'];
}

/** Options of one {@link Client.call}. */
export interface CallOptions {
  /** Aborts the call; it then rejects with `ERR_ABORTED`. */
  signal?: AbortSignal;
  /** Milliseconds this call may take, overriding the client's `timeout`. */
  timeout?: number;
}

/**
 * Validates a call and serialises its Caller body `{"procedure", "args", "kwargs"}`.
 *
 * @throws {InvalidArgumentError} naming the bad procedure, member or value.
 */
export function serializeCall(procedure: string, input: unknown): string {
  assertWampUri(procedure, 'procedure');
  const call = input === undefined ? {} : input;
  if (!isPlainObject(call)) {
    throw new InvalidArgumentError(
      `Invalid call input ${describeValue(input)}: pass an object { args?, kwargs? }.`,
    );
  }
  for (const name of Object.keys(call)) {
    if (name !== 'args' && name !== 'kwargs') {
      throw new InvalidArgumentError(
        `Unknown call member "${name}": a call has args and kwargs only.`,
      );
    }
  }
  if (call.args !== undefined && !Array.isArray(call.args)) {
    throw new InvalidArgumentError(
      `Invalid args ${describeValue(call.args)}: pass an array, for example [1, 2].`,
    );
  }
  if (call.kwargs !== undefined && !isPlainObject(call.kwargs)) {
    throw new InvalidArgumentError(
      `Invalid kwargs ${describeValue(call.kwargs)}: pass a plain object, for example { id: 42 }.`,
    );
  }
  const subject = { role: 'procedure', name: procedure };
  let body = `{"procedure":${JSON.stringify(procedure)}`;
  if (call.args !== undefined) {
    body += `,"args":${serializeJson(call.args, 'args', subject)}`;
  }
  if (call.kwargs !== undefined) {
    body += `,"kwargs":${serializeJson(call.kwargs, 'kwargs', subject)}`;
  }

  return `${body}}`;
}

/** Checks the options of one call. */
export function readCallOptions(options: unknown): { signal?: AbortSignal; timeout?: number } {
  if (options === undefined) {
    return {};
  }
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError(
      `Invalid call options ${describeValue(options)}: pass an object such as { timeout: 5000 }.`,
    );
  }
  for (const name of Object.keys(options)) {
    if (name !== 'signal' && name !== 'timeout') {
      throw new InvalidArgumentError(`Unknown call option "${name}": supported options are signal, timeout.`);
    }
  }
  const { signal, timeout } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(`Invalid signal ${describeValue(signal)}: pass an AbortSignal.`);
  }
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 2 ** 31 - 1)
  ) {
    throw new InvalidArgumentError(
      `Invalid timeout ${describeValue(timeout)}: pass milliseconds as an integer from 1 to ${2 ** 31 - 1}.`,
    );
  }

  return options as { signal?: AbortSignal; timeout?: number };
}
