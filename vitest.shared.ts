import type { ViteUserConfig } from 'vitest/config';

/**
 * Settings every package's vitest config shares: the default console reporter plus a
 * JSON report that `scripts/ci-test.mjs` adds up into one closing summary line.
 */
export const sharedTestConfig: NonNullable<ViteUserConfig['test']> = {
  reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
};
