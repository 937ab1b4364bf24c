import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // The churn test compares heap sizes after forced collections.
    execArgv: ['--expose-gc'],
  },
});
