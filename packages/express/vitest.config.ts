import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // A queued push must never leave a rejection unhandled; make one fail the run loudly.
    execArgv: ['--unhandled-rejections=strict'],
  },
});
