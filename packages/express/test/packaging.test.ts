import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const packageDir = new URL('..', import.meta.url);
const EXPORTS = ['autobahnPush', 'isQueuedReceipt'];

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: packageDir, encoding: 'utf8' }).trim();
}

const PROBE = `JSON.stringify([
  ...${JSON.stringify(EXPORTS)}.map((name) => typeof api[name]),
  api.autobahnPush({ url: 'http://127.0.0.1:9/publish' }).name,
])`;

describe('built package', () => {
  it('loads through import', () => {
    const output = runNode([
      '--input-type=module',
      '-e',
      `import * as api from '@autobahnpush/express'; console.log(${PROBE});`,
    ]);

    expect(JSON.parse(output)).toEqual(['function', 'function', 'autobahnPushMiddleware']);
  });

  it('loads through require', () => {
    const output = runNode(['-e', `const api = require('@autobahnpush/express'); console.log(${PROBE});`]);

    expect(JSON.parse(output)).toEqual(['function', 'function', 'autobahnPushMiddleware']);
  });
});
