// The example of README.md, kept here so that it is known to run.
import autobahn from 'autobahn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';

let router: DevRouter;
beforeAll(async () => {
  router = await startDevRouter();
});
afterAll(() => router.close());

it('delivers an HTTP publication to a subscriber', async () => {
  const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm });
  const session = await new Promise<autobahn.Session>((resolve) => {
    connection.onopen = (opened) => resolve(opened);
    connection.open();
  });
  let deliver: (args: unknown[]) => void = () => {};
  const received = new Promise<unknown[]>((resolve) => {
    deliver = resolve;
  });
  await session.subscribe('com.myapp.topic1', (args) => deliver(args));

  const response = await fetch(router.publishUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: 'com.myapp.topic1', args: [{ hello: 'world' }] }),
  });

  expect(response.status).toBe(200);
  expect(await received).toEqual([{ hello: 'world' }]);
  connection.close();
});

it('calls a procedure over HTTP', async () => {
  const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm });
  const session = await new Promise<autobahn.Session>((resolve) => {
    connection.onopen = (opened) => resolve(opened);
    connection.open();
  });
  await session.register('com.myapp.add2', (args) => (args[0] as number) + (args[1] as number));

  const response = await fetch(router.callUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ procedure: 'com.myapp.add2', args: [2, 3] }),
  });

  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ args: [5] });
  connection.close();
});
