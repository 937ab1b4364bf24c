import { afterEach, describe, expect, it } from 'vitest';
import { Client, verifyApplianceSignature, verifyCrossbarSignature } from '../src/index.js';
import { type LoopbackServer, answerJson, startLoopbackServer } from './support/loopback-server.js';

const CROSSBAR_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const APPLIANCE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let server: LoopbackServer;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

function queryOf(url: string): URLSearchParams {
  return new URL(url, 'http://localhost').searchParams;
}

describe('crossbar wire format', () => {
  it('sends a signed push exactly as the bridge expects', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 77 }));
    client = new Client(`${server.url}/publish`, { key: 'foobar', secret: 'secret' });

    const receipt = await client.push('com.myapp.chat', { text: 'Grüße 🚀' }, { exclude: [5, 9] });

    expect(receipt).toEqual({ id: 77 });
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url.split('?')[0]).toBe('/publish');
    const query = queryOf(request!.url);
    expect([...query.keys()]).toEqual(['timestamp', 'seq', 'key', 'nonce', 'signature']);
    expect(query.get('timestamp')).toMatch(CROSSBAR_TIMESTAMP);
    expect(query.get('seq')).toBe('1');
    expect(query.get('key')).toBe('foobar');
    const nonce = Number(query.get('nonce'));
    expect(Number.isInteger(nonce)).toBe(true);
    expect(nonce).toBeGreaterThanOrEqual(0);
    expect(nonce).toBeLessThanOrEqual(2 ** 53);
    expect(request!.url).toMatch(/signature=[A-Za-z0-9_-]{43}%3D$/);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['content-length']).toBe(String(request!.body.length));
    expect(request!.body.toString('utf8')).toBe(
      '{"topic":"com.myapp.chat","args":[{"text":"Grüße 🚀"}],"options":{"exclude":[5,9]}}',
    );

    const valid = verifyCrossbarSignature(
      'secret',
      {
        key: 'foobar',
        timestamp: query.get('timestamp')!,
        seq: query.get('seq')!,
        nonce: query.get('nonce')!,
        body: request!.body,
      },
      query.get('signature')!,
    );
    expect(valid).toBe(true);
  });

  it('increments seq by one per request and draws a new nonce', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`, { key: 'k', secret: 's' });

    for (let index = 0; index < 5; index++) {
      await client.push('com.myapp.tick', index);
    }

    const queries = server.requests.map((request) => queryOf(request.url));
    expect(queries.map((query) => query.get('seq'))).toEqual(['1', '2', '3', '4', '5']);
    expect(new Set(queries.map((query) => query.get('nonce'))).size).toBe(5);
  });

  it('sends an unsigned push with timestamp and seq only', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 3 }));
    client = new Client(new URL(`${server.url}/publish`));

    await client.push('com.myapp.topic1', 'Hello, world');

    const query = queryOf(server.requests[0]!.url);
    expect([...query.keys()]).toEqual(['timestamp', 'seq']);
    expect(server.requests[0]!.body.toString()).toBe(
      '{"topic":"com.myapp.topic1","args":["Hello, world"]}',
    );
  });

  it('keeps the query string of the endpoint URL', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 3 }));
    client = new Client(`${server.url}/publish?tenant=a%20b`);

    await client.push('com.myapp.topic1', null);

    expect(server.requests[0]!.url).toMatch(/^\/publish\?tenant=a%20b&timestamp=/);
  });

  it('publishes args, kwargs and options unchanged', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 9 }));
    client = new Client(`${server.url}/publish`);
    const options = {
      exclude: [1],
      eligible: [2, 3],
      exclude_authid: ['bob'],
      eligible_authid: ['alice'],
      exclude_authrole: ['guest'],
      eligible_authrole: ['user'],
      exclude_me: false,
      retain: true,
    };

    const receipt = await client.publish('com.myapp.full', {
      args: [1, 'two'],
      kwargs: { three: 3 },
      options,
    });

    expect(receipt).toEqual({ id: 9 });
    expect(JSON.parse(server.requests[0]!.body.toString())).toEqual({
      topic: 'com.myapp.full',
      args: [1, 'two'],
      kwargs: { three: 3 },
      options,
    });
  });

  it('sends user headers and keeps content type', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`, { headers: { Authorization: 'Bearer t' } });

    await client.push('com.myapp.topic1', 1);

    expect(server.requests[0]!.headers.authorization).toBe('Bearer t');
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('reuses keep-alive connections for many pushes', async () => {
    server = await startLoopbackServer(answerJson(200, { id: 1 }));
    client = new Client(`${server.url}/publish`, { connections: 4 });

    const receipts = await Promise.all(
      Array.from({ length: 400 }, (_, index) => client!.push('com.myapp.load', index)),
    );

    expect(receipts).toHaveLength(400);
    expect(server.requests).toHaveLength(400);
    expect(server.connections()).toBeLessThanOrEqual(4);
  });
});

describe('appliance wire format', () => {
  it('sends a signed push with topicuri, topic and exclusions', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(202).end();
    });
    client = new Client(`${server.url}/push`, {
      protocol: 'appliance',
      key: 'foobar',
      secret: 'secret',
    });

    const receipt = await client.push('http://example.com/topic1', { i: 1 }, {
      exclude: [123, 'Lu0tSx0nD3ZfJ0r4'],
      eligible: [456],
    });

    expect(receipt).toEqual({});
    const request = server.requests[0]!;
    const query = queryOf(request.url);
    expect([...query.keys()]).toEqual([
      'topicuri',
      'topic',
      'appkey',
      'timestamp',
      'signature',
      'exclude',
      'eligible',
    ]);
    expect(query.get('topicuri')).toBe('http://example.com/topic1');
    expect(query.get('topic')).toBe('http://example.com/topic1');
    expect(query.get('timestamp')).toMatch(APPLIANCE_TIMESTAMP);
    expect(query.get('exclude')).toBe('123,Lu0tSx0nD3ZfJ0r4');
    expect(query.get('eligible')).toBe('456');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body.toString()).toBe('{"i":1}');
    const valid = verifyApplianceSignature(
      'secret',
      {
        topic: 'http://example.com/topic1',
        key: 'foobar',
        timestamp: query.get('timestamp')!,
        body: request.body,
      },
      query.get('signature')!,
    );
    expect(valid).toBe(true);
  });

  it('publishes one event through publish', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(202).end();
    });
    client = new Client(`${server.url}/push`, { protocol: 'appliance' });

    await client.publish('http://example.com/t', { args: ['x'], options: { eligible: [7] } });

    const query = queryOf(server.requests[0]!.url);
    expect([...query.keys()]).toEqual(['topicuri', 'topic', 'eligible']);
    expect(server.requests[0]!.body.toString()).toBe('"x"');
  });

  it('publishes with WAMP v1 string session IDs', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(202).end();
    });
    client = new Client(`${server.url}/push`, { protocol: 'appliance' });

    await client.publish('http://example.com/t', { args: [1], options: { exclude: ['Lu0tSx0nD3ZfJ0r4', 5] } });

    expect(queryOf(server.requests[0]!.url).get('exclude')).toBe('Lu0tSx0nD3ZfJ0r4,5');
  });
});
