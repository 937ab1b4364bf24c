import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The `node-22` and `node-24` devDependencies both link a `node` binary into
// node_modules/.bin, which pnpm puts first on PATH for this package's scripts. The test
// script therefore starts vitest with `$npm_node_execpath`, the Node.js that runs pnpm.
if (process.execPath.includes('/node_modules/')) {
  throw new Error(
    `vitest runs on ${process.execPath} (Node.js ${process.version}) from node_modules, not on the machine's Node.js: ` +
      'start it with `pnpm test`, or call the machine\'s node explicitly.',
  );
}

export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Core's suite on Node.js 22 and 24 keeps both cores busy; running the other files
    // beside it would only slow everything down.
    fileParallelism: false,
  },
});
