import { defineConfig } from 'vitest/config';

/** Lines autobahn-js 22.11.1 prints on every closed connection, even when the test closed it on purpose. */
const AUTOBAHN_NOISE = [/^connection closed /u, /^auto-reconnect disabled!/u];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    onConsoleLog: (log) => !AUTOBAHN_NOISE.some((pattern) => pattern.test(log)),
  },
});
