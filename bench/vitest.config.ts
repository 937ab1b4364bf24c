import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    // beforeAll runs the quick harness, about twenty Node.js processes one after another;
    // on a loaded 2-core machine that has taken over two minutes.
    hookTimeout: 600_000,
  },
});
