/** WebSocket publishers: acknowledge, exclude_me, disclose_me, and the errors of the broker. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DevRouter, type PublicationEvent, startDevRouter } from '../src/index.js';
import { type Client, connectClient, recordEvents } from './helpers/autobahn-client.js';
import { publishJson } from './helpers/http.js';

const TOPIC = 'com.example.wamp';

describe('wamp publish', () => {
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

  async function client(authid?: string): Promise<Client> {
    const connected = await connectClient(router, authid === undefined ? {} : { authid });
    clients.push(connected);

    return connected;
  }

  it('acknowledged publish returns publication id', async () => {
    const publisher = await client();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);
    const seen: PublicationEvent[] = [];
    router.on('publication', (event) => seen.push(event));

    const publication = await publisher.session.publish(TOPIC, ['hi'], { n: 1 }, { acknowledge: true });
    await recorder.waitFor(1);

    expect(publication!.id).toBe(recorder.events[0]!.details.publication);
    expect(recorder.events[0]!.args).toEqual(['hi']);
    expect(recorder.events[0]!.kwargs).toEqual({ n: 1 });
    expect(seen).toEqual([{ topic: TOPIC, args: ['hi'], kwargs: { n: 1 }, options: { acknowledge: true }, publicationId: publication!.id, source: 'wamp' }]);
  });

  it('exclude_me defaults to true', async () => {
    const publisher = await client();
    const own = await recordEvents(publisher, TOPIC);

    await publisher.session.publish(TOPIC, ['own'], {}, { acknowledge: true });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] });
    await own.waitFor(1);

    expect(own.events.map((event) => event.args[0])).toEqual(['marker']);
  });

  it('exclude_me false delivers to publisher', async () => {
    const publisher = await client();
    const own = await recordEvents(publisher, TOPIC);

    await publisher.session.publish(TOPIC, ['own'], {}, { acknowledge: true, exclude_me: false });
    await own.waitFor(1);

    expect(own.events.map((event) => event.args[0])).toEqual(['own']);
  });

  it('disclose_me identifies publisher', async () => {
    const publisher = await client('publisher-1');
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);

    await publisher.session.publish(TOPIC, [1], {}, { acknowledge: true, disclose_me: true });
    await recorder.waitFor(1);

    expect(recorder.events[0]!.details.publisher).toBe(publisher.id);
    expect(recorder.events[0]!.details.publisher_authid).toBe('publisher-1');
    expect(recorder.events[0]!.details.publisher_authrole).toBe('anonymous');
  });

  it('exclude and eligible from websocket', async () => {
    const publisher = await client();
    const first = await client();
    const second = await client();
    const firstEvents = await recordEvents(first, TOPIC);
    const secondEvents = await recordEvents(second, TOPIC);

    await publisher.session.publish(TOPIC, ['filtered'], {}, { acknowledge: true, exclude: [first.id] });
    await publisher.session.publish(TOPIC, ['eligible'], {}, { acknowledge: true, eligible: [first.id] });
    await publisher.session.publish(TOPIC, ['marker'], {}, { acknowledge: true });
    await firstEvents.waitFor(2);
    await secondEvents.waitFor(2);

    expect(firstEvents.events.map((event) => event.args[0])).toEqual(['eligible', 'marker']);
    expect(secondEvents.events.map((event) => event.args[0])).toEqual(['filtered', 'marker']);
  });

  it.each([
    ['com..x', 'wamp.error.invalid_uri'],
    ['a b', 'wamp.error.invalid_uri'],
    ['wamp.session.on_join', 'wamp.error.invalid_uri'],
    ['denied.topic', 'wamp.error.not_authorized'],
  ])('publish to %s fails with %s', async (topic, uri) => {
    const publisher = await client();

    const error = await publisher.session.publish(topic, [], {}, { acknowledge: true })!.then(
      () => undefined,
      (reason: { error: string }) => reason,
    );

    expect(error?.error).toBe(uri);
  });

  it('invalid publish option fails', async () => {
    const publisher = await client();

    const error = await publisher.session.publish(TOPIC, [], {}, { acknowledge: true, exclude: 'me' })!.then(
      () => undefined,
      (reason: { error: string }) => reason,
    );

    expect(error?.error).toBe('wamp.error.invalid_argument');
  });

  it.each([
    ['com..x', {}, 'wamp.error.invalid_uri'],
    ['wamp.session.on_join', {}, 'wamp.error.invalid_uri'],
    ['com.example', { match: 'regex' }, 'wamp.error.invalid_argument'],
  ])('subscribe to %s %j fails with %s', async (topic, options, uri) => {
    const subscriber = await client();

    const error = await subscriber.session.subscribe(topic, () => {}, options).then(
      () => undefined,
      (reason: { error: string }) => reason,
    );

    expect(error?.error).toBe(uri);
  });

  it('unsubscribe stops delivery', async () => {
    const subscriber = await client();
    const stays = await recordEvents(subscriber, TOPIC, { match: 'prefix' });
    const leaves = await recordEvents(subscriber, TOPIC);

    await subscriber.session.unsubscribe(leaves.subscription);
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['after'] });
    await stays.waitFor(1);

    expect(stays.events.map((event) => event.args[0])).toEqual(['after']);
    expect(leaves.events).toEqual([]);
  });

  it('shares one subscription id per topic', async () => {
    const first = await client();
    const second = await client();

    const firstSubscription = await first.session.subscribe(TOPIC, () => {});
    const secondSubscription = await second.session.subscribe(TOPIC, () => {});

    expect(secondSubscription.id).toBe(firstSubscription.id);
  });
});
