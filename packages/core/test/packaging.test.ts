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
