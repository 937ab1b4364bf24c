import type { ViteUserConfig } from 'vitest/config';

// autobahn-js 22.11.1 writes these notices through console.warn whenever a connection
// closes, which every test does on purpose.
const AUTOBAHN_CLOSE_NOTICES = ['connection closed', 'auto-reconnect disabled!'];

/**
 * Settings every package's vitest config shares: the default console reporter plus a
 * JSON report that `scripts/ci-test.mjs` adds up into one closing summary line.
 */
export const sharedTestConfig: NonNullable<ViteUserConfig['test']> = {
  reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  onConsoleLog(log) {
    return !AUTOBAHN_CLOSE_NOTICES.some((notice) => log.startsWith(notice));
  },
};
