// Vitest config for running core's own suite under another Node.js binary. It is core's
// config with two changes: the JSON report goes to CORE_SUITE_REPORT instead of core's
// .vitest-report.json (which scripts/ci-test.mjs adds up), and every worker records its
// Node.js version in CORE_SUITE_VERSIONS.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import coreConfig from '../../../../packages/core/vitest.config.js';

const report = process.env.CORE_SUITE_REPORT;
if (report === undefined) {
  throw new Error('CORE_SUITE_REPORT is not set: give the path for the JSON report of the core suite.');
}

export default defineConfig({
  ...coreConfig,
  test: {
    ...coreConfig.test,
    reporters: ['dot', ['json', { outputFile: report }]],
    setupFiles: [fileURLToPath(new URL('record-node-version.ts', import.meta.url))],
  },
});
