import { createRequire } from 'node:module';
import { Client, InvalidArgumentError } from '@autobahnpush/core';
import { describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';

const URL = 'http://127.0.0.1:9/publish';

function creationError(...args: unknown[]): InvalidArgumentError {
  try {
    (autobahnPush as (...values: unknown[]) => unknown)(...args);
  } catch (error) {
    return error as InvalidArgumentError;
  }
  throw new Error('autobahnPush accepted invalid arguments');
}

describe('autobahnPush options', () => {
  it.each([
    [{ mode: 'later' }, 'Invalid mode "later": use "immediate" or "after-response".'],
    [{ excludeSender: 'yes' }, 'Invalid excludeSender "yes": pass true or false.'],
    [
      { sessionId: 'bad header' },
      'Invalid sessionId "bad header": pass a header name such as "x-wamp-session-id" or a ' +
        'function (req) => id.',
    ],
    [
      { sessionId: 7 },
      'Invalid sessionId 7: pass a header name such as "x-wamp-session-id" or a function (req) => id.',
    ],
    [
      { logger: { debug() {} } },
      'Invalid logger an object: pass an object with debug, info, warn and error methods, such ' +
        'as console or a pino or winston logger.',
    ],
    [{ onError: 'log' }, 'Invalid onError "log": pass a function (error, req) => void.'],
    [
      { mdoe: 'after-response' },
      'Unknown autobahnPush option "mdoe": supported options are sessionId, excludeSender, ' +
        'mode, logger, onError.',
    ],
    [
      [],
      "Invalid autobahnPush options an array: pass an object such as { mode: 'after-response' }.",
    ],
  ])('rejects %j', (options, message) => {
    const error = creationError({ url: URL }, options);

    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(message);
  });

  it('rejects a missing url', () => {
    const error = creationError({ key: 'k', secret: 's' });

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(
      'Missing url in the client options given to autobahnPush: pass the http or https URL of ' +
        "the push endpoint, for example { url: 'https://router.example.com/publish' }.",
    );
  });

  it('rejects a non-object first argument', () => {
    const error = creationError('http://127.0.0.1/publish');

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toBe(
      'Invalid first argument "http://127.0.0.1/publish" to autobahnPush: pass a Client from ' +
        "@autobahnpush/core or client options such as { url: 'https://router.example.com/publish' }.",
    );
  });

  it('passes client option errors through', () => {
    const error = creationError({ url: URL, timeout: -1 });

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).toContain('timeout');
  });

  it('keeps the secret out of errors', () => {
    const error = creationError({ url: URL, key: 'k', secret: 'hunter2', retries: 3 });

    expect(error.code).toBe('ERR_INVALID_ARGUMENT');
    expect(error.message).not.toContain('hunter2');
  });

  it('accepts a client and valid options', async () => {
    const client = new Client(URL);
    const middleware = autobahnPush(client, {
      sessionId: (req) => req.get('x-session'),
      excludeSender: false,
      mode: 'after-response',
      logger: console,
      onError: () => {},
    });

    expect(middleware.name).toBe('autobahnPushMiddleware');
    expect(middleware.length).toBe(3);
    expect(middleware.client).toBe(client);
    await middleware.close();
    await client.close();
  });

  it('accepts a client from the CommonJS build', async () => {
    // This test file loads core's ESM build, so a client from its CommonJS build fails
    // `instanceof Client` and is recognised by core's isClient marker.
    const commonJsCore = createRequire(import.meta.url)('@autobahnpush/core') as typeof import('@autobahnpush/core');
    const client = new commonJsCore.Client(URL);
    const middleware = autobahnPush(client);

    expect(client instanceof Client).toBe(false);
    expect(middleware.client).toBe(client);
    await middleware.close();
    await client.close();
  });
});
