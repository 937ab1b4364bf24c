/** The built package loads through both `import` and `require`, and the two copies recognise each other's errors. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type PackageExports = typeof import('../src/index.js');

const require = createRequire(import.meta.url);

describe('packaging', () => {
  it('loads dist through import and require', async () => {
    const esm = (await import('../dist/index.mjs' as string)) as PackageExports;
    const cjs = require('../dist/index.cjs') as PackageExports;

    expect(typeof esm.startDevRouter).toBe('function');
    expect(typeof cjs.startDevRouter).toBe('function');
    expect(esm.DENIED_TOPIC_PREFIX).toBe('denied.');
    expect(cjs.DENIED_TOPIC_PREFIX).toBe('denied.');
  });

  it('recognises errors across copies', async () => {
    const esm = (await import('../dist/index.mjs' as string)) as PackageExports;
    const cjs = require('../dist/index.cjs') as PackageExports;

    const error = await cjs.startDevRouter({ port: -1 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).not.toBeInstanceOf(esm.InvalidOptionError);
    expect(esm.isDevRouterError(error)).toBe(true);
  });

  it('runs a router from the CommonJS build', async () => {
    const cjs = require('../dist/index.cjs') as PackageExports;

    const router = await cjs.startDevRouter();
    const response = await fetch(`${router.url}/publish`, { method: 'OPTIONS' });
    await router.close();

    expect(response.status).toBe(200);
  });
});
