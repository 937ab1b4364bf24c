import { describe, expect, it } from 'vitest';
import { assertApplianceMessage, Client, InvalidArgumentError } from '../src/index.js';

const URL_ = 'http://127.0.0.1:1/publish';

function invalid(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');

    return error as InvalidArgumentError;
  }
  throw new Error('expected ERR_INVALID_ARGUMENT');
}

async function rejected(promise: Promise<unknown>): Promise<InvalidArgumentError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the push to reject');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).code).toBe('ERR_INVALID_ARGUMENT');

  return error as InvalidArgumentError;
}

describe('client construction', () => {
  it.each([
    ['not a URL', 'Invalid URL "not a URL"'],
    ['ftp://example.com/publish', 'Invalid URL "ftp://example.com/publish"'],
    [42, 'Invalid URL 42'],
    ['http://user:pw@example.com/publish', 'contains user credentials'],
  ])('rejects URL %s', (url, message) => {
    const error = invalid(() => new Client(url as string));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(':pw@');
  });

  it('rejects a key without a secret', () => {
    const error = invalid(() => new Client(URL_, { key: 'k' }));
    expect(error.message).toContain('Invalid secret');
  });

  it('rejects a secret without a key and never echoes it', () => {
    const error = invalid(() => new Client(URL_, { secret: 'hush-hush' }));
    expect(error.message).toContain('Invalid key');
    expect(error.message).not.toContain('hush-hush');
  });

  it.each([
    [{ protocol: 'wamp' }, 'Invalid protocol "wamp"'],
    [{ timeout: 0 }, 'Invalid timeout 0'],
    [{ timeout: 1.5 }, 'Invalid timeout 1.5'],
    [{ timeout: '100' }, 'Invalid timeout "100"'],
    [{ maxBodyBytes: -1 }, 'Invalid maxBodyBytes -1'],
    [{ connections: 0 }, 'Invalid connections 0'],
    [{ pipelining: 0 }, 'Invalid pipelining 0'],
    [{ pipelining: 2000 }, 'Invalid pipelining 2000'],
    [{ headers: 'x' }, 'Invalid headers "x"'],
    [{ headers: { 'content-type': 'text/plain' } }, 'Invalid header name "content-type"'],
    [{ headers: { 'bad header': 'x' } }, 'Invalid header name "bad header"'],
    [{ headers: { 'x-a': 'a\r\nb' } }, 'Invalid value for header "x-a"'],
    [{ secert: 'typo' }, 'Unknown client option "secert"'],
  ])('rejects options %j', (options, message) => {
    const error = invalid(() => new Client(URL_, options as never));
    expect(error.message).toContain(message);
  });
});

describe('crossbar push input', () => {
  const client = new Client(URL_);

  it.each([
    ['', 'Invalid topic ""'],
    ['com..x', 'Invalid topic "com..x"'],
    ['a b', 'Invalid topic "a b"'],
    ['com.myapp#x', 'Invalid topic "com.myapp#x"'],
    ['.com.myapp', 'Invalid topic ".com.myapp"'],
    ['wamp.session.on_join', 'reserved for the router'],
    [42, 'Invalid topic 42'],
  ])('rejects topic %j', async (topic, message) => {
    const error = await rejected(client.push(topic as string, 1));
    expect(error.message).toContain(message);
  });

  it.each([
    [10n, 'BigInt'],
    [undefined, 'undefined cannot be sent as JSON'],
    [() => 1, 'a function cannot be sent as JSON'],
  ])('rejects event %s', async (event, message) => {
    const error = await rejected(client.push('com.myapp.topic', event));
    expect(error.message).toContain(message);
    expect(error.message).toContain('com.myapp.topic');
  });

  it('rejects a circular event', async () => {
    const event: Record<string, unknown> = {};
    event.self = event;
    const error = await rejected(client.push('com.myapp.topic', event));
    expect(error.message).toContain('circular');
  });

  it.each([
    [{ exclude: [0] }, 'Invalid exclude[0] 0'],
    [{ exclude: [1.5] }, 'Invalid exclude[0] 1.5'],
    [{ exclude: [2 ** 53 + 2] }, 'Invalid exclude[0]'],
    [{ exclude: ['123'] }, 'Invalid exclude[0] "123"'],
    [{ eligible: 5 }, 'Invalid eligible 5'],
    [{ exlude: [1] }, 'Unknown option "exlude"'],
    [{ signal: 'stop' }, 'Invalid signal "stop"'],
    ['fast', 'Invalid push options "fast"'],
  ])('rejects options %j', async (options, message) => {
    const error = await rejected(client.push('com.myapp.topic', 1, options as never));
    expect(error.message).toContain(message);
  });

  it('accepts the largest session ID', async () => {
    const tiny = new Client(URL_, { maxBodyBytes: 1 });
    const error = await tiny.push('com.myapp.topic', 1, { exclude: [2 ** 53] }).catch((e) => e);
    expect(error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
  });
});

describe('crossbar publish input', () => {
  const client = new Client(URL_);

  it.each([
    [null, 'Invalid message null'],
    [{ args: 'x' }, 'Invalid args "x"'],
    [{ kwargs: [] }, 'Invalid kwargs an array of length 0'],
    [{ kwargs: new Map() }, 'Invalid kwargs an object (Map)'],
    [{ topic: 'x' }, 'Unknown message member "topic"'],
    [{ options: { retain: 'yes' } }, 'Invalid options.retain "yes"'],
    [{ options: { exclude_me: 1 } }, 'Invalid options.exclude_me 1'],
    [{ options: { exclude_authid: [''] } }, 'Invalid options.exclude_authid'],
    [{ options: { eligible_authrole: 'admin' } }, 'Invalid options.eligible_authrole "admin"'],
    [{ options: { acknowledge: true } }, 'Unknown publish option "acknowledge"'],
    [{ options: { eligible: [-1] } }, 'Invalid options.eligible[0] -1'],
  ])('rejects message %j', async (message, expected) => {
    const error = await rejected(client.publish('com.myapp.topic', message as never));
    expect(error.message).toContain(expected);
  });

  it('rejects publish options outside the message', async () => {
    const error = await rejected(
      client.publish('com.myapp.topic', { args: [] }, { exclude: [1] } as never),
    );
    expect(error.message).toContain('Put publish options inside message.options');
  });
});

describe('assertApplianceMessage', () => {
  it.each([
    [{ args: [1] }, undefined],
    [{ args: [1], options: { exclude: ['a', 2] } }, undefined],
    [{ args: [1, 2] }, 'exactly one event'],
    [{ args: [1], options: { exclude: ['a,b'] } }, 'Invalid options.exclude[0] "a,b"'],
  ])('checks %j', (message, error) => {
    if (error === undefined) {
      expect(() => assertApplianceMessage(message)).not.toThrow();
    } else {
      expect(() => assertApplianceMessage(message)).toThrow(error);
    }
  });
});

describe('appliance input', () => {
  const client = new Client('http://127.0.0.1:1/push', { protocol: 'appliance' });

  it.each([['com.myapp.topic'], ['http://example.com/a b'], ['']])('rejects topic %j', async (topic) => {
    const error = await rejected(client.push(topic, 1));
    expect(error.message).toContain('for the appliance protocol');
  });

  it.each([
    [{ exclude: ['a,b'] }, 'Invalid exclude[0] "a,b"'],
    [{ eligible: [0] }, 'Invalid eligible[0] 0'],
  ])('rejects options %j', async (options, message) => {
    const error = await rejected(client.push('http://example.com/t', 1, options));
    expect(error.message).toContain(message);
  });

  it.each([
    [{ args: [] }, 'exactly one event, but args has 0'],
    [{ args: [1, 2] }, 'exactly one event, but args has 2'],
    [{ args: [1], kwargs: { a: 1 } }, 'cannot carry kwargs'],
    [{ args: [1], options: { retain: true } }, 'cannot carry the publish option "retain"'],
    [{ args: [1], options: { exclude_authid: ['x'] } }, '"exclude_authid"'],
  ])('rejects what it cannot carry: %j', async (message, expected) => {
    const error = await rejected(client.publish('http://example.com/t', message as never));
    expect(error.message).toContain(expected);
  });
});
