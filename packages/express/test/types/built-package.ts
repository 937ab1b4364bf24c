// Compile-time check of the built declarations from an application's side: the package
// is imported by name, so "@autobahnpush/express" resolves to dist/index.d.mts. Compiled by
// the lint script, after the build, against the Express 4 and the Express 5 typings.
import type { CallResult, PushReceipt } from '@autobahnpush/core';
import { type QueuedReceipt, autobahnPush } from '@autobahnpush/express';
import express from 'express';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
function assertType<T extends true>(_proof?: T): void {}

const app = express();
app.use(autobahnPush({ url: 'http://127.0.0.1:8080/publish' }));

app.post('/built', async (req, res) => {
  const sent = await req.push('com.chat.message', { text: 'hi' }, { mode: 'immediate' });
  assertType<Equal<typeof sent, PushReceipt>>();

  const queued = await req.publish('com.chat.message', { args: [] }, { mode: 'after-response' });
  assertType<Equal<typeof queued, QueuedReceipt>>();

  const called = await req.call('com.myapp.echo', { args: [1] }, { timeout: 1000 });
  assertType<Equal<typeof called, CallResult<unknown[], Record<string, unknown>>>>();

  res.json({ id: sent.id, args: called.args });
});
