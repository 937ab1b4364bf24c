import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const packageDir = new URL('..', import.meta.url);
const EXPORTS = [
  'Client',
  'AutobahnPushError',
  'InvalidArgumentError',
  'RejectedError',
  'isAutobahnPushError',
  'buildCrossbarRequest',
  'buildApplianceRequest',
  'signCrossbarRequest',
  'signApplianceRequest',
  'verifyCrossbarSignature',
];

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' }).trim();
}

describe('built package', () => {
  it('loads through import', () => {
    const output = runNode([
      '--input-type=module',
      '-e',
      `import * as core from '@autobahnpush/core';
       console.log(JSON.stringify(${JSON.stringify(EXPORTS)}.map((name) => typeof core[name])));`,
    ]);

    expect(JSON.parse(output)).toEqual(EXPORTS.map(() => 'function'));
  });

  it('loads through require', () => {
    const output = runNode([
      '-e',
      `const core = require('@autobahnpush/core');
       console.log(JSON.stringify(${JSON.stringify(EXPORTS)}.map((name) => typeof core[name])));`,
    ]);

    expect(JSON.parse(output)).toEqual(EXPORTS.map(() => 'function'));
  });

  it('recognises errors across the CommonJS and ESM copies', () => {
    const output = runNode([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import * as esm from '@autobahnpush/core';
       const cjs = createRequire(process.cwd() + '/')('@autobahnpush/core');
       const error = new cjs.InvalidArgumentError('bad');
       console.log(JSON.stringify([
         esm.Client === cjs.Client,
         error instanceof esm.AutobahnPushError,
         esm.isAutobahnPushError(error),
         error.code,
       ]));`,
    ]);

    expect(JSON.parse(output)).toEqual([false, true, true, 'ERR_INVALID_ARGUMENT']);
  });
});

describe('isClient', () => {
  it('recognises a client from the other build', () => {
    const output = runNode([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import * as esm from '@autobahnpush/core';
       const cjs = createRequire(process.cwd() + '/')('@autobahnpush/core');
       const client = new cjs.Client('http://127.0.0.1:1/publish');
       console.log(JSON.stringify([esm.isClient(client), esm.isClient({ push() {} }), esm.isClient(null)]));
       await client.close();`,
    ]);

    expect(JSON.parse(output)).toEqual([true, false, false]);
  });
});

describe('idle sockets', () => {
  it('do not hold the event loop', () => {
    // After one push, the client's keep-alive socket stays open but idle. The server's
    // own handles are unref'd, so any TCP handle still holding the event loop is the client's.
    const script = `
      import { createServer } from 'node:http';
      import { Client } from '@autobahnpush/core';
      const server = createServer((request, response) => {
        request.resume();
        request.on('end', () => response.end('{"id":11}'));
      });
      server.keepAliveTimeout = 0;
      server.on('connection', (socket) => socket.unref());
      server.listen(0, '127.0.0.1', async () => {
        server.unref();
        const client = new Client('http://127.0.0.1:' + server.address().port + '/publish');
        const receipt = await client.push('com.example.idle', {});
        setImmediate(() => {
          const heldHandles = process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP'));
          console.log(JSON.stringify({ receipt, held: heldHandles }));
        });
      });`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 20_000,
    }).trim();

    expect(JSON.parse(output)).toEqual({ receipt: { id: 11 }, held: [] });
  });
});
