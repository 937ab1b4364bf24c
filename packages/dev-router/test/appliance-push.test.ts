/** The appliance /push endpoint: delivery as args[0], session filters, and its refusals. */
import { afterEach, describe, expect, it } from 'vitest';
import { type DevRouter, type PublicationEvent, startDevRouter } from '../src/index.js';
import { type Client, connectClient, recordEvents } from './helpers/autobahn-client.js';
import { type HttpResult, send } from './helpers/http.js';
import { sign } from './helpers/signing.js';

const TOPIC = 'http://example.com/topic1';
const FORM_CT = { 'content-type': 'application/x-www-form-urlencoded' };

/** Returns a timestamp in the appliance format: UTC, no fraction. */
function applianceTimestamp(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

describe('appliance push', () => {
  let router: DevRouter;
  let clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients) await client.close();
    clients = [];
    await router.close();
  });

  async function client(): Promise<Client> {
    const connected = await connectClient(router);
    clients.push(connected);

    return connected;
  }

  function push(query: Record<string, string>, body: string, headers: Record<string, string> = FORM_CT): Promise<HttpResult> {
    return send(router.url, { target: `/push?${new URLSearchParams(query).toString()}`, headers, body });
  }

  function signedQuery(body: string, overrides: { appkey?: string; secret?: string; timestamp?: string } = {}): Record<string, string> {
    const appkey = overrides.appkey ?? 'foobar';
    const timestamp = overrides.timestamp ?? applianceTimestamp();

    return { topicuri: TOPIC, topic: TOPIC, appkey, timestamp, signature: sign(overrides.secret ?? 'secret', TOPIC, appkey, timestamp, body) };
  }

  it('delivers event as args[0]', async () => {
    router = await startDevRouter();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);
    const seen: PublicationEvent[] = [];
    router.on('publication', (event) => seen.push(event));

    const response = await push({ topicuri: TOPIC }, '{"name": "Heinzelmann", "age": 23}');
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(response.text).toBe('');
    expect(recorder.events[0]!.args).toEqual([{ name: 'Heinzelmann', age: 23 }]);
    expect(recorder.events[0]!.kwargs).toEqual({});
    expect(seen).toHaveLength(1);
    expect(seen[0]!.source).toBe('appliance');
    expect(seen[0]!.publicationId).toBe(recorder.events[0]!.details.publication);
  });

  it('accepts topic parameter alone', async () => {
    router = await startDevRouter();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);

    const response = await push({ topic: TOPIC }, '"plain string"');
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(recorder.events[0]!.args).toEqual(['plain string']);
  });

  it('exclude and eligible by decimal session id', async () => {
    router = await startDevRouter();
    const first = await client();
    const second = await client();
    const firstEvents = await recordEvents(first, TOPIC);
    const secondEvents = await recordEvents(second, TOPIC);

    expect((await push({ topicuri: TOPIC, exclude: `${first.id}, 12345` }, '"excluded-first"')).status).toBe(202);
    expect((await push({ topicuri: TOPIC, eligible: `${first.id},Lu0tSx0nD3ZfJ0r4` }, '"eligible-first"')).status).toBe(202);
    expect((await push({ topicuri: TOPIC }, '"marker"')).status).toBe(202);
    await firstEvents.waitFor(2);
    await secondEvents.waitFor(2);

    expect(firstEvents.events.map((event) => event.args[0])).toEqual(['eligible-first', 'marker']);
    expect(secondEvents.events.map((event) => event.args[0])).toEqual(['excluded-first', 'marker']);
  });

  it('takes event from event parameter', async () => {
    router = await startDevRouter();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);

    const response = await push({ topicuri: TOPIC, event: '{"from":"query"}' }, '');
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(recorder.events[0]!.args).toEqual([{ from: 'query' }]);
  });

  it('takes event from form body field', async () => {
    router = await startDevRouter();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);

    const response = await push({ topicuri: TOPIC }, `event=${encodeURIComponent('{"from":"form"}')}`);
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(recorder.events[0]!.args).toEqual([{ from: 'form' }]);
  });

  it('keeps JSON body containing event=', async () => {
    router = await startDevRouter();
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);

    const response = await push({ topicuri: TOPIC }, '{"text":"a&event=1"}');
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(recorder.events[0]!.args).toEqual([{ text: 'a&event=1' }]);
  });

  it('accepts signed push', async () => {
    router = await startDevRouter({ key: 'foobar', secret: 'secret' });
    const subscriber = await client();
    const recorder = await recordEvents(subscriber, TOPIC);
    const body = '{"i": 1}';

    const response = await push(signedQuery(body), body);
    await recorder.waitFor(1);

    expect(response.status).toBe(202);
    expect(recorder.events[0]!.args).toEqual([{ i: 1 }]);
  });

  it.each([
    ['bad signature', { secret: 'wrong' }, 401],
    ['unknown appkey', { appkey: 'nobody' }, 400],
    ['timestamp 10 min in past', { timestamp: applianceTimestamp(-600_000) }, 400],
    ['timestamp 10 min in future', { timestamp: applianceTimestamp(600_000) }, 400],
    ['timestamp with fraction', { timestamp: new Date().toISOString() }, 400],
  ] as const)('rejects %s', async (_case, overrides, status) => {
    router = await startDevRouter({ key: 'foobar', secret: 'secret' });
    const body = '{"i": 1}';

    const response = await push(signedQuery(body, overrides), body);

    expect(response.status).toBe(status);
    expect(response.text).toMatch(/^[^\n]+\n$/u);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('expired timestamp message says Request expired', async () => {
    router = await startDevRouter({ key: 'foobar', secret: 'secret' });
    const body = '1';

    const response = await push(signedQuery(body, { timestamp: applianceTimestamp(-600_000) }), body);

    expect(response.status).toBe(400);
    expect(response.text.startsWith('Request expired')).toBe(true);
  });

  it.each([
    ['unsigned push to signed router', { topicuri: TOPIC }, '1', FORM_CT, 400],
    ['appkey without signature', { topicuri: TOPIC, appkey: 'foobar' }, '1', FORM_CT, 400],
    ['missing topicuri', {}, '1', FORM_CT, 400],
    ['different topicuri and topic', { topicuri: TOPIC, topic: 'http://example.com/other' }, '1', FORM_CT, 400],
    ['JSON content type', { topicuri: TOPIC }, '1', { 'content-type': 'application/json' }, 400],
    ['content type with charset', { topicuri: TOPIC }, '1', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, 400],
  ] as const)('rejects %s', async (_case, query, body, headers, status) => {
    router = await startDevRouter({ key: 'foobar', secret: 'secret' });

    const response = await push(query, body, headers);

    expect(response.status).toBe(status);
    expect(response.text).toMatch(/^[^\n]+\n$/u);
  });

  it.each([
    ['invalid JSON body', { topicuri: TOPIC }, '{oops', 400],
    ['denied topic', { topicuri: 'denied.topic' }, '1', 401],
    ['reserved topic', { topicuri: 'wamp.session.on_join' }, '1', 400],
    ['topic with whitespace', { topicuri: 'a b' }, '1', 400],
  ] as const)('rejects %s unsigned', async (_case, query, body, status) => {
    router = await startDevRouter();

    const response = await push(query, body);

    expect(response.status).toBe(status);
    expect(response.text).toMatch(/^[^\n]+\n$/u);
  });

  it('limits body to 4096 bytes by default', async () => {
    router = await startDevRouter();
    const fits = JSON.stringify('x'.repeat(4094));
    const tooLarge = JSON.stringify('x'.repeat(4095));

    const accepted = await push({ topicuri: TOPIC }, fits);
    const rejected = await push({ topicuri: TOPIC }, tooLarge);

    expect(Buffer.byteLength(fits)).toBe(4096);
    expect(accepted.status).toBe(202);
    expect(rejected.status).toBe(400);
  });

  it('postBodyLimit overrides push limit', async () => {
    router = await startDevRouter({ postBodyLimit: 8 });

    const accepted = await push({ topicuri: TOPIC }, '"123456"');
    const rejected = await push({ topicuri: TOPIC }, '"1234567"');

    expect(accepted.status).toBe(202);
    expect(rejected.status).toBe(400);
  });

  it('rejects GET with 405', async () => {
    router = await startDevRouter();

    const response = await send(router.url, { method: 'GET', target: `/push?topicuri=${encodeURIComponent(TOPIC)}` });

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });
});
