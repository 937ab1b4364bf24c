/** Event retention: the last retained publication of a topic reaches later subscribers that ask for it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DevRouter, startDevRouter } from '../src/index.js';
import { type Client, connectClient, recordEvents } from './helpers/autobahn-client.js';
import { publishJson } from './helpers/http.js';

const TOPIC = 'com.example.retained';

describe('retain', () => {
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

  async function client(): Promise<Client> {
    const connected = await connectClient(router);
    clients.push(connected);

    return connected;
  }

  it('delivers last retained event on get_retained', async () => {
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['old'], options: { retain: true } });
    const latest = await publishJson(router.publishUrl, { topic: TOPIC, args: ['latest'], kwargs: { k: 1 }, options: { retain: true } });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['not retained'] });
    const subscriber = await client();

    const recorder = await recordEvents(subscriber, TOPIC, { get_retained: true });
    await recorder.waitFor(1);

    expect(recorder.events).toHaveLength(1);
    expect(recorder.events[0]!.args).toEqual(['latest']);
    expect(recorder.events[0]!.kwargs).toEqual({ k: 1 });
    expect(recorder.events[0]!.details.retained).toBe(true);
    expect(recorder.events[0]!.details.publication).toBe(latest.body.id);
  });

  it('skips retained event without get_retained', async () => {
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['retained'], options: { retain: true } });
    const subscriber = await client();

    const recorder = await recordEvents(subscriber, TOPIC);
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] });
    await recorder.waitFor(1);

    expect(recorder.events.map((event) => event.args[0])).toEqual(['marker']);
    expect(recorder.events[0]!.details.retained).toBe(false);
  });

  it('retained event honours eligible', async () => {
    const subscriber = await client();
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['for someone else'], options: { retain: true, eligible: [subscriber.id + 1] } });

    const recorder = await recordEvents(subscriber, TOPIC, { get_retained: true });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] });
    await recorder.waitFor(1);

    expect(recorder.events.map((event) => event.args[0])).toEqual(['marker']);
  });

  it('prefix subscription gets retained events', async () => {
    await publishJson(router.publishUrl, { topic: `${TOPIC}.a`, args: ['a'], options: { retain: true } });
    await publishJson(router.publishUrl, { topic: 'org.example.b', args: ['b'], options: { retain: true } });
    const subscriber = await client();

    const recorder = await recordEvents(subscriber, TOPIC, { match: 'prefix', get_retained: true });
    await publishJson(router.publishUrl, { topic: TOPIC, args: ['marker'] });
    await recorder.waitFor(2);

    expect(recorder.events.map((event) => [event.args[0], event.details.topic, event.details.retained])).toEqual([
      ['a', `${TOPIC}.a`, true],
      ['marker', TOPIC, false],
    ]);
  });
});
