import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';
import { PACKED_ESM } from './test/support/packed-package.js';

export default defineConfig({
  resolve: {
    // The installed copy lies under node_modules, so vitest leaves it to Node.js to load.
    alias: { '@autobahnpush/nestjs': PACKED_ESM },
  },
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    execArgv: ['--unhandled-rejections=strict'],
  },
});
