import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type RejectedError } from '../src/index.js';
import { type Subscriber, connectSubscriber } from './support/subscriber.js';

const KEY = 'e2e-key';
const SECRET = 'e2e-secret';
const TOPIC = 'com.myapp.e2e';
const APPLIANCE_TOPIC = 'http://example.com/e2e';

let router: DevRouter;
let first: Subscriber;
let second: Subscriber;
let crossbar: Client;
let appliance: Client;

beforeAll(async () => {
  router = await startDevRouter({ key: KEY, secret: SECRET });
  first = await connectSubscriber(router.wsUrl, router.realm, [TOPIC, APPLIANCE_TOPIC], 'alice');
  second = await connectSubscriber(router.wsUrl, router.realm, [TOPIC, APPLIANCE_TOPIC], 'bob');
  crossbar = new Client(router.publishUrl, { key: KEY, secret: SECRET });
  appliance = new Client(router.pushUrl, { key: KEY, secret: SECRET, protocol: 'appliance' });
});

afterAll(async () => {
  await crossbar.close();
  await appliance.close();
  await first.close();
  await second.close();
  await router.close();
});

// Events reach each session in publication order, so once a later marker has arrived
// an excluded event can no longer arrive before it.
async function pushMarker(): Promise<void> {
  const before = [first.events.length, second.events.length];
  await crossbar.push(TOPIC, 'marker');
  await first.waitForEvents(before[0]! + 1);
  await second.waitForEvents(before[1]! + 1);
}

function drain(subscriber: Subscriber): unknown[] {
  return subscriber.events.splice(0).map((event) => event.args[0]);
}

describe('signed pushes through the dev router', () => {
  it('delivers a crossbar push to every subscriber', async () => {
    const receipt = await crossbar.push(TOPIC, { id: 42, text: 'Grüße 🚀' });

    const [event] = await first.waitForEvents(1);
    await second.waitForEvents(1);
    expect(event!.args).toEqual([{ id: 42, text: 'Grüße 🚀' }]);
    expect(event!.publication).toBe(receipt.id);
    expect(second.events[0]!.publication).toBe(receipt.id);
    drain(first);
    drain(second);
  });

  it('honours exclude', async () => {
    await crossbar.push(TOPIC, 'not for second', { exclude: [second.sessionId] });
    await pushMarker();

    expect(drain(first)).toEqual(['not for second', 'marker']);
    expect(drain(second)).toEqual(['marker']);
  });

  it('honours eligible', async () => {
    await crossbar.push(TOPIC, 'only second', { eligible: [second.sessionId] });
    await pushMarker();

    expect(drain(first)).toEqual(['marker']);
    expect(drain(second)).toEqual(['only second', 'marker']);
  });

  it('publishes kwargs and authid exclusion', async () => {
    const receipt = await crossbar.publish(TOPIC, {
      args: ['a', 2],
      kwargs: { k: 'v' },
      options: { exclude_authid: ['alice'] },
    });
    await pushMarker();

    const received = second.events.splice(0);
    expect(received[0]!.args).toEqual(['a', 2]);
    expect(received[0]!.kwargs).toEqual({ k: 'v' });
    expect(received[0]!.publication).toBe(receipt.id);
    expect(drain(first)).toEqual(['marker']);
  });

  it('delivers an appliance push as args[0] with exclude', async () => {
    const receipt = await appliance.push(APPLIANCE_TOPIC, { legacy: true }, {
      exclude: [first.sessionId],
    });
    await pushMarker();

    expect(receipt).toEqual({});
    expect(drain(second)).toEqual([{ legacy: true }, 'marker']);
    expect(drain(first)).toEqual(['marker']);
  });

  it('honours appliance eligible', async () => {
    await appliance.push(APPLIANCE_TOPIC, 'for first', { eligible: [first.sessionId] });
    await pushMarker();

    expect(drain(first)).toEqual(['for first', 'marker']);
    expect(drain(second)).toEqual(['marker']);
  });

  it('rejects a wrong secret with ERR_UNAUTHORIZED', async () => {
    const wrong = new Client(router.publishUrl, { key: KEY, secret: 'wrong' });

    const error = await wrong.push(TOPIC, 1).catch((caught: unknown) => caught);
    await wrong.close();

    expect((error as RejectedError).code).toBe('ERR_UNAUTHORIZED');
  });

  it('rejects an unsigned push to a signed router', async () => {
    const unsigned = new Client(router.publishUrl);

    const error = await unsigned.push(TOPIC, 1).catch((caught: unknown) => caught);
    await unsigned.close();

    expect((error as RejectedError).code).toBe('ERR_HTTP');
    expect((error as { status?: number }).status).toBe(400);
  });
});
