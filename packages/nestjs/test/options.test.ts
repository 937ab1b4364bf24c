import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { AutobahnPushModule, type AutobahnPushModuleOptions } from '../src/index.js';

const URL_OK = 'http://127.0.0.1:9/publish';

async function bootstrap(options: unknown): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [AutobahnPushModule.forRoot(options as AutobahnPushModuleOptions)],
  }).compile();
  await moduleRef.close();
}

async function bootstrapAsync(options: unknown): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AutobahnPushModule.forRootAsync({
        name: 'analytics',
        useFactory: () => options as AutobahnPushModuleOptions,
      }),
    ],
  }).compile();
  await moduleRef.close();
}

describe('invalid module options', () => {
  it('rejects a missing url', async () => {
    await expect(bootstrap({ key: 'k', secret: 's' })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'AutobahnPushModule (client "default"): missing option "url". Pass the http or https URL ' +
        'of the push endpoint, for example "https://router.example.com/publish".',
    });
  });

  it('rejects a key without secret', async () => {
    await expect(bootstrap({ url: URL_OK, key: 'orders' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'AutobahnPushModule (client "default"): Invalid secret: pass the shared secret as a ' +
        'non-empty string together with key, or leave out both for an unsigned endpoint.',
    });
  });

  it('rejects a bad protocol', async () => {
    await expect(bootstrap({ url: URL_OK, protocol: 'mqtt' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/^AutobahnPushModule \(client "default"\): Invalid protocol "mqtt": use "crossbar"/),
    });
  });

  it('rejects a URL that is not http', async () => {
    await expect(bootstrap({ url: 'ws://127.0.0.1:9/ws' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/^AutobahnPushModule \(client "default"\): Invalid URL "ws:\/\/127\.0\.0\.1:9\/ws"/),
    });
  });

  it('rejects an unknown option', async () => {
    await expect(bootstrap({ url: URL_OK, timout: 5 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/^AutobahnPushModule \(client "default"\): Unknown client option "timout": /),
    });
  });

  it('rejects a negative drainTimeout', async () => {
    await expect(bootstrap({ url: URL_OK, drainTimeout: -1 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'AutobahnPushModule (client "default"): invalid option "drainTimeout" (-1). Pass a number ' +
        'of milliseconds, an integer from 0 to 2147483647.',
    });
  });

  it('names the client of a forRootAsync registration', async () => {
    await expect(bootstrapAsync({ url: URL_OK, secret: 's' })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/^AutobahnPushModule \(client "analytics"\): Invalid key: /),
    });
  });

  it('rejects a factory that returns no object', async () => {
    await expect(bootstrapAsync(undefined)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'AutobahnPushModule (client "analytics"): the options must be an object such as ' +
        '{ url: "https://router.example.com/publish" }, but the options factory returned undefined.',
    });
  });

  it('rejects registration settings returned by the factory', async () => {
    await expect(bootstrapAsync({ url: URL_OK, isGlobal: true })).rejects.toMatchObject({
      message:
        'AutobahnPushModule (client "analytics"): option "isGlobal" belongs next to useFactory, ' +
        'useClass or useExisting in forRootAsync, not in the options that the factory returns.',
    });
  });

  it('rejects forRoot without options', () => {
    expect(() => AutobahnPushModule.forRoot(undefined as unknown as AutobahnPushModuleOptions)).toThrow(
      'AutobahnPushModule.forRoot: missing options. Pass an object such as { url: "https://router.example.com/publish" }.',
    );
  });

  it('rejects an empty name', () => {
    expect(() => AutobahnPushModule.forRoot({ url: URL_OK, name: ' ' })).toThrow(
      'AutobahnPushModule: invalid option "name" (" "). Pass a non-empty string such as ' +
        '"analytics", or leave it out for the default client.',
    );
  });

  it('rejects forRootAsync with two sources', () => {
    class Factory {
      createAutobahnPushOptions() {
        return { url: URL_OK };
      }
    }

    expect(() =>
      AutobahnPushModule.forRootAsync({ useFactory: () => ({ url: URL_OK }), useClass: Factory }),
    ).toThrow(
      'AutobahnPushModule.forRootAsync: pass exactly one of useFactory, useClass and useExisting, ' +
        'not useFactory and useClass.',
    );
  });

  it('rejects forRootAsync without a source', () => {
    expect(() => AutobahnPushModule.forRootAsync({ isGlobal: true })).toThrow(
      'AutobahnPushModule.forRootAsync: pass exactly one of useFactory, useClass and useExisting.',
    );
  });
});

describe('callUrl option', () => {
  const callUrlFix =
    'Pass the http or https URL of the Crossbar.io HTTP bridge Caller, for example ' +
    '"https://router.example.com/call", a list of such URLs, or true for the "call" sibling of each push URL.';

  it('accepts true and a URL', async () => {
    await expect(bootstrap({ url: URL_OK, callUrl: true })).resolves.toBeUndefined();
    await expect(bootstrap({ url: URL_OK, callUrl: 'http://127.0.0.1:9/call' })).resolves.toBeUndefined();
  });

  it('names callUrl for a URL that is not http', async () => {
    await expect(bootstrap({ url: URL_OK, callUrl: 'ws://127.0.0.1:9/call' })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      code: 'ERR_INVALID_ARGUMENT',
      message: `AutobahnPushModule (client "default"): invalid option "callUrl" ("ws://127.0.0.1:9/call"). ${callUrlFix}`,
    });
  });

  it('names callUrl for false', async () => {
    await expect(bootstrapAsync({ url: URL_OK, callUrl: false })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: `AutobahnPushModule (client "analytics"): invalid option "callUrl" (false). ${callUrlFix}`,
    });
  });

  it('leaves credentials out of the message', async () => {
    const error = await bootstrap({ url: URL_OK, callUrl: 'http://user:hunter2@127.0.0.1:9/call?key=k' }).catch(
      (caught: unknown) => caught as Error,
    );

    expect(error?.message).toBe(
      `AutobahnPushModule (client "default"): invalid option "callUrl" ("http://127.0.0.1:9/call"). ${callUrlFix}`,
    );
  });

  it('reports a bad url before callUrl', async () => {
    await expect(bootstrap({ url: 'ws://127.0.0.1:9/ws', callUrl: 'ws://127.0.0.1:9/call' })).rejects.toMatchObject({
      message: expect.stringMatching(/^AutobahnPushModule \(client "default"\): Invalid URL "ws:\/\/127\.0\.0\.1:9\/ws"/),
    });
  });

  it('rejects callUrl with the appliance protocol', async () => {
    await expect(bootstrap({ url: URL_OK, protocol: 'appliance', callUrl: true })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message:
        'AutobahnPushModule (client "default"): option "callUrl" does not work with protocol "appliance", ' +
        'which has no remote procedure calls. Remove callUrl, or use protocol "crossbar" with a ' +
        'Crossbar.io HTTP bridge Caller.',
    });
  });
});
