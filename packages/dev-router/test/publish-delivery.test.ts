/**
 * End to end: HTTP /publish requests reach autobahn-js subscribers, with
 * black- and whitelisting honoured. Each filtered publication is followed by
 * an unfiltered marker publication: events on one WebSocket arrive in order,
 * so a subscriber that received the marker without the filtered event will
 * never receive it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DevRouter, type PublicationEvent, startDevRouter } from '../src/index.js';
import { type Client, connectClient, recordEvents } from './helpers/autobahn-client.js';
import { publishJson } from './helpers/http.js';
import { RawWampClient } from './helpers/raw-wamp-client.js';

const TOPIC = 'com.example.delivery';

describe('http publish delivery', () => {
  let router: DevRouter;
  let clients: Client[];

  beforeEach(async () => {
    router = await startDevRouter();
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) await client.close();
    await router.close();
  });

  async function subscriber(authid?: string) {
    const client = await connectClient(router, authid === undefined ? {} : { authid });
    clients.push(client);

    return { client, recorder: await recordEvents(client, TOPIC) };
  }

  /** Publishes `options`-filtered 'filtered', then an unfiltered 'marker'. */
  async function publishWithMarker(options: Record<string, unknown>): Promise<void> {
    expect((await publishJson(router.publishUrl, { topic: TOPIC, args: ['filtered'], options })).status).toBe(200);
    expect((await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] })).status).toBe(200);
  }

  it('delivers args, kwargs and publication id', async () => {
    const { recorder } = await subscriber();

    const response = await publishJson(router.publishUrl, { topic: TOPIC, args: [{ field1: 'x' }, 2], kwargs: { a: [1, null] } });
    await recorder.waitFor(1);

    expect(response.status).toBe(200);
    expect(recorder.events).toHaveLength(1);
    expect(recorder.events[0]!.args).toEqual([{ field1: 'x' }, 2]);
    expect(recorder.events[0]!.kwargs).toEqual({ a: [1, null] });
    expect(recorder.events[0]!.details.publication).toBe(response.body.id);
    expect(recorder.events[0]!.details.topic).toBe(TOPIC);
  });

  it('delivers push payload as args[0]', async () => {
    const { recorder } = await subscriber();

    await publishJson(router.publishUrl, { topic: TOPIC, args: ['hello'] });
    await recorder.waitFor(1);

    expect(recorder.events[0]!.args[0]).toBe('hello');
    expect(recorder.events[0]!.kwargs).toEqual({});
  });

  it('exclude skips listed sessions', async () => {
    const first = await subscriber();
    const second = await subscriber();

    await publishWithMarker({ exclude: [first.client.id] });
    await first.recorder.waitFor(1);
    await second.recorder.waitFor(2);

    expect(first.recorder.events.map((event) => event.args[0])).toEqual(['marker']);
    expect(second.recorder.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
  });

  it('eligible limits receivers', async () => {
    const first = await subscriber();
    const second = await subscriber();

    await publishWithMarker({ eligible: [second.client.id] });
    await first.recorder.waitFor(1);
    await second.recorder.waitFor(2);

    expect(first.recorder.events.map((event) => event.args[0])).toEqual(['marker']);
    expect(second.recorder.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
  });

  it('exclude wins over eligible', async () => {
    const first = await subscriber();
    const second = await subscriber();

    await publishWithMarker({ eligible: [first.client.id, second.client.id], exclude: [first.client.id] });
    await first.recorder.waitFor(1);
    await second.recorder.waitFor(2);

    expect(first.recorder.events.map((event) => event.args[0])).toEqual(['marker']);
    expect(second.recorder.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
  });

  it('exclude_authid skips that authid', async () => {
    const alice = await subscriber('alice');
    const bob = await subscriber('bob');

    await publishWithMarker({ exclude_authid: ['alice'] });
    await alice.recorder.waitFor(1);
    await bob.recorder.waitFor(2);

    expect(alice.recorder.events.map((event) => event.args[0])).toEqual(['marker']);
    expect(bob.recorder.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
  });

  it('eligible_authid limits to that authid', async () => {
    const alice = await subscriber('alice');
    const bob = await subscriber('bob');

    await publishWithMarker({ eligible_authid: ['alice'] });
    await alice.recorder.waitFor(2);
    await bob.recorder.waitFor(1);

    expect(alice.recorder.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
    expect(bob.recorder.events.map((event) => event.args[0])).toEqual(['marker']);
  });

  it('authrole lists filter by HELLO authrole', async () => {
    const admin = await RawWampClient.connect(router.wsUrl);
    const user = await RawWampClient.connect(router.wsUrl);
    await admin.join(router.realm, { authrole: 'admin' });
    await user.join(router.realm, { authrole: 'user' });
    admin.send([32, 1, {}, TOPIC]);
    user.send([32, 1, {}, TOPIC]);
    const [adminSubscribed, userSubscribed] = await Promise.all([admin.next(), user.next()]);

    await publishJson(router.publishUrl, { topic: TOPIC, args: ['only-admin'], options: { eligible_authrole: ['admin'] } });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['not-admin'], options: { exclude_authrole: ['admin'] } });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] });

    expect(adminSubscribed[0]).toBe(33);
    expect(userSubscribed[0]).toBe(33);
    expect((await admin.next())[4]).toEqual(['only-admin']);
    expect((await admin.next())[4]).toEqual(['marker']);
    expect((await user.next())[4]).toEqual(['not-admin']);
    expect((await user.next())[4]).toEqual(['marker']);
    await admin.close();
    await user.close();
  });

  it('prefix and wildcard subscriptions receive topic', async () => {
    const client = await connectClient(router);
    clients.push(client);
    const prefix = await recordEvents(client, 'com.example', { match: 'prefix' });
    const wildcard = await recordEvents(client, 'com..delivery', { match: 'wildcard' });
    const nonMatching = await recordEvents(client, 'org..delivery', { match: 'wildcard' });

    await publishJson(router.publishUrl, { topic: TOPIC, args: [1] });
    await publishJson(router.publishUrl, { topic: 'org.example.delivery', args: [2] });
    await prefix.waitFor(1);
    await wildcard.waitFor(1);
    await nonMatching.waitFor(1);

    expect(prefix.events.map((event) => [event.args[0], event.details.topic])).toEqual([[1, TOPIC]]);
    expect(wildcard.events.map((event) => [event.args[0], event.details.topic])).toEqual([[1, TOPIC]]);
    expect(nonMatching.events.map((event) => [event.args[0], event.details.topic])).toEqual([[2, 'org.example.delivery']]);
  });

  it('emits publication event', async () => {
    const seen: PublicationEvent[] = [];
    router.on('publication', (event) => seen.push(event));

    const response = await publishJson(router.publishUrl, { topic: TOPIC, args: [1], kwargs: { k: 'v' }, options: { exclude: [5] } });

    expect(seen).toEqual([{ topic: TOPIC, args: [1], kwargs: { k: 'v' }, options: { exclude: [5] }, publicationId: response.body.id, source: 'http' }]);
  });
});

describe('publication listener', () => {
  it('throwing listener does not fail publish', async () => {
    const errors: string[] = [];
    const router = await startDevRouter({ logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (message) => errors.push(message) } });
    router.on('publication', () => {
      throw new Error('listener bug');
    });
    try {
      const response = await publishJson(router.publishUrl, { topic: TOPIC, args: [1] });

      expect(response.status).toBe(200);
      expect(typeof response.body.id).toBe('number');
      expect(errors).toEqual(['A publication listener threw an error']);
    } finally {
      await router.close();
    }
  });
});
