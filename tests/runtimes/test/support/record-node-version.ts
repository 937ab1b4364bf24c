// Setup file of core-suite.config.ts: appends the Node.js version of the worker that runs
// a test file to the file named by CORE_SUITE_VERSIONS.
import { appendFileSync } from 'node:fs';

const versions = process.env.CORE_SUITE_VERSIONS;
if (versions !== undefined) {
  appendFileSync(versions, `${process.version}\n`);
}
