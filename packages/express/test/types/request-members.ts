// Compile-time checks of the declaration merging, written against whichever Express typings
// "express" resolves to: Express 5 in tsconfig.json, Express 4 in tsconfig.express4.json.
// Nothing here runs; tsc fails when a type is wrong or an expected error disappears.
import { type CallResult, Client, type PushReceipt } from '@autobahnpush/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  type QueuedReceipt,
  type RequestPushResult,
  autobahnPush,
  isQueuedReceipt,
} from '../../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
function assertType<T extends true>(_proof?: T): void {}

const app = express();
const middleware = autobahnPush({ url: 'http://127.0.0.1:8080/publish' }, { mode: 'after-response' });
app.use(middleware);
express.Router().use(middleware);

app.post('/inferred', async (req, res) => {
  const result = await req.push('com.chat.message', { text: 'hi' });
  assertType<Equal<typeof result, RequestPushResult>>();

  const sent = await req.push('com.chat.message', 1, { mode: 'immediate', exclude: [1] });
  assertType<Equal<typeof sent, PushReceipt>>();

  const queued = await req.publish('com.chat.message', { args: [1] }, { mode: 'after-response' });
  assertType<Equal<typeof queued, QueuedReceipt>>();

  if (!isQueuedReceipt(result)) {
    const id: number | undefined = result.id;
    res.json({ id });
  }
});

export function explicitTypes(req: Request, res: Response, next: NextFunction): void {
  req
    .push('com.chat.message', 'x', { excludeSender: false, signal: AbortSignal.timeout(1000) })
    .then(() => res.end(), next);

  // @ts-expect-error mode accepts only 'immediate' and 'after-response'.
  void req.push('com.chat.message', 'x', { mode: 'later' });
  // @ts-expect-error excludeSender is a boolean.
  void req.push('com.chat.message', 'x', { excludeSender: 'no' });
  // @ts-expect-error WAMP publish options belong in message.options, not in the call options.
  void req.publish('com.chat.message', { args: [] }, { exclude: [1] });

  // The stream signature of IncomingMessage stays usable.
  const accepted: boolean = req.push(Buffer.from('body'));
  void accepted;
}

type Add2 = { args: [number, number]; result: { args: [number]; kwargs: { carry: boolean } } };

export async function calls(req: Request): Promise<void> {
  const untyped = await req.call('com.myapp.echo', { args: ['x'], kwargs: { k: 1 } });
  assertType<Equal<typeof untyped, CallResult<unknown[], Record<string, unknown>>>>();

  const sum = await req.call<Add2>('com.myapp.add2', { args: [1, 2] }, { timeout: 5000 });
  assertType<Equal<typeof sum.args, [number]>>();
  assertType<Equal<typeof sum.kwargs, { carry: boolean }>>();

  await req.call('com.myapp.ping');
  await req.call('com.myapp.ping', undefined, { signal: AbortSignal.timeout(1000) });

  // @ts-expect-error Add2 takes two numbers.
  void req.call<Add2>('com.myapp.add2', { args: ['1', 2] });
  // @ts-expect-error calls are always sent at once, so there is no mode option.
  void req.call('com.myapp.ping', {}, { mode: 'after-response' });
  // @ts-expect-error args is an array.
  void req.call('com.myapp.ping', { args: 1 });
}

// A client typed with procedures is accepted, and the middleware keeps its types.
type Procedures = { 'com.myapp.add2': Add2 };
const typedClient = new Client<Record<string, unknown>, Procedures>('http://127.0.0.1:8080/publish', {
  callUrl: true,
});
const typedMiddleware = autobahnPush(typedClient);
assertType<Equal<typeof typedMiddleware.client, Client<Record<string, unknown>, Procedures>>>();

// @ts-expect-error the first argument is a Client or client options with a url.
autobahnPush({ key: 'k', secret: 's' });
// @ts-expect-error sessionId is a header name or a function.
autobahnPush(middleware.client, { sessionId: 42 });

const closed: Promise<void> = middleware.close();
void closed;
