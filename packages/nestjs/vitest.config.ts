import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// TypeScript decorators in tests compile with design metadata because tsconfig.json
// enables experimentalDecorators and emitDecoratorMetadata.
export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // A failed @Push must never leave a rejection unhandled; make one fail the run loudly.
    execArgv: ['--unhandled-rejections=strict'],
  },
});
