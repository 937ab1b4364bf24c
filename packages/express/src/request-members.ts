import type {
  CallInput,
  CallOptions,
  CallResult,
  Client,
  PushReceipt,
} from '@autobahnpush/core';
import type { Request } from 'express-serve-static-core';
import type { AfterResponseQueue } from './after-response-queue.js';
import type { NormalizedOptions } from './options.js';
import { splitOptions } from './request-options.js';
import { type SenderSessionId, withSender } from './sender-session.js';
import { snapshotPublication, snapshotPushEvent } from './snapshot.js';
import type { QueuedReceipt, RequestPushResult } from './types.js';

/** Everything `req.push`, `req.publish` and `req.call` need for one request. */
export interface RequestContext {
  client: Client;
  options: NormalizedOptions;
  /** The caller's WAMP session, when the request carried a valid one. */
  sender: SenderSessionId | undefined;
  /** Returns the request's queue, creating it on first use. */
  queue: () => AfterResponseQueue;
}

const QUEUED: QueuedReceipt = Object.freeze({ queued: true });

/**
 * Adds `push`, `publish` and `call` to `req`.
 *
 * `IncomingMessage` is a readable stream, and Node's HTTP parser feeds the request body
 * into it by calling `req.push(chunk)` with a Buffer, and `req.push(null)` at the end. The
 * new `push` therefore hands a Buffer, Uint8Array, `null` or `undefined` first argument to
 * the stream's own `push`, so a body read after this middleware still arrives. Every other
 * first argument is a topic.
 */
export function installRequestMembers(req: Request, context: RequestContext): void {
  const streamPush = req.push as (chunk: unknown, encoding?: BufferEncoding) => boolean;

  function push(first: unknown, ...rest: unknown[]): boolean | Promise<RequestPushResult> {
    if (first === null || first === undefined || first instanceof Uint8Array) {
      return streamPush.call(req, first, rest[0] as BufferEncoding | undefined);
    }

    return pushForRequest(context, first, rest[0], rest[1]);
  }

  req.push = push as Request['push'];
  req.publish = ((topic: unknown, message: unknown, options?: unknown) =>
    publishForRequest(context, topic, message, options)) as Request['publish'];
  req.call = ((procedure: unknown, input?: unknown, options?: unknown) =>
    callForRequest(context, procedure, input, options)) as Request['call'];
}

// A call is a request and response, so neither `mode` nor sender exclusion applies. The
// arguments go to core unchanged, and core validates them and raises the typed errors.
async function callForRequest(
  context: RequestContext,
  procedure: unknown,
  input: unknown,
  options: unknown,
): Promise<CallResult> {
  return context.client.call(procedure as string, input as CallInput, options as CallOptions);
}

async function pushForRequest(
  context: RequestContext,
  topic: unknown,
  event: unknown,
  options: unknown,
): Promise<RequestPushResult> {
  const { mode, excludeSender, core } = splitOptions(options, context.options, 'push');
  copyLists(core);
  if (excludeSender && context.sender !== undefined && isListOrMissing(core.exclude)) {
    core.exclude = withSender(core.exclude as SenderSessionId[] | undefined, context.sender);
  }
  const { client } = context;
  if (mode === 'immediate') {
    return client.push(topic as string, event, core);
  }

  const snapshot = snapshotPushEvent(client.protocol, topic, event, core);
  context.queue().add({
    topic: topic as string,
    send: (): Promise<PushReceipt> => client.push(topic as string, snapshot, core),
  });

  return QUEUED;
}

async function publishForRequest(
  context: RequestContext,
  topic: unknown,
  message: unknown,
  options: unknown,
): Promise<RequestPushResult> {
  const { mode, excludeSender, core } = splitOptions(options, context.options, 'publish');
  const withExclusion =
    excludeSender && context.sender !== undefined
      ? excludeFromMessage(message, context.sender)
      : message;
  const { client } = context;
  if (mode === 'immediate') {
    return client.publish(topic as string, withExclusion as never, core);
  }

  const snapshot = snapshotPublication(client.protocol, topic, withExclusion);
  context.queue().add({
    topic: topic as string,
    send: (): Promise<PushReceipt> => client.publish(topic as string, snapshot, core),
  });

  return QUEUED;
}

/**
 * Returns a copy of `message` whose `options.exclude` also lists `sender`. A message of
 * the wrong shape is returned unchanged, so core rejects it with its usual message.
 *
 * NOTE: core's `publish` checks `options.exclude` as integer WAMP v2 session IDs even on
 * the appliance protocol, so a string WAMP v1 sender ID makes `req.publish` reject there.
 */
function excludeFromMessage(message: unknown, sender: SenderSessionId): unknown {
  if (!isRecord(message)) {
    return message;
  }
  const options = message.options;
  if (options !== undefined && !isRecord(options)) {
    return message;
  }
  if (!isListOrMissing(options?.exclude)) {
    return message;
  }

  return {
    ...message,
    options: {
      ...options,
      exclude: withSender(options?.exclude as SenderSessionId[] | undefined, sender),
    },
  };
}

// A queued push must not see later changes to arrays the handler still holds.
function copyLists(core: Record<string, unknown>): void {
  for (const name of ['exclude', 'eligible']) {
    const list = core[name];
    if (Array.isArray(list)) {
      core[name] = [...list];
    }
  }
}

function isListOrMissing(value: unknown): boolean {
  return value === undefined || Array.isArray(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
