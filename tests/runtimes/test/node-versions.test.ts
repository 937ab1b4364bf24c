import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeBinary, platformSkipReason } from './support/runtimes.js';
import { childEnvironment, CORE_DIRECTORY, runProcess } from './support/scenario.js';

// One run of core's suite (about 250 tests) took 40 to 75 s on a two-core machine that
// other builds were sharing; the timeout leaves room for a busier CI machine.
const SUITE_TIMEOUT_MS = 600_000;

const VITEST_CLI = join(dirname(createRequire(`${CORE_DIRECTORY}/`).resolve('vitest/package.json')), 'vitest.mjs');
const CONFIG = fileURLToPath(new URL('support/core-suite.config.ts', import.meta.url));
const coreTestFiles = readdirSync(join(CORE_DIRECTORY, 'test'))
  .filter((name) => name.endsWith('.test.ts'))
  .sort();

interface JsonReport {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numFailedTestSuites: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; assertionResults: { fullName: string; status: string }[] }[];
}

const workDirectory = mkdtempSync(join(tmpdir(), 'autobahnpush-runtime-tests-'));

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

if (platformSkipReason !== undefined) {
  console.warn(`Skipping core's suite on Node.js 22 and 24: ${platformSkipReason}.`);
}

describe.skipIf(platformSkipReason !== undefined).each(['node-22', 'node-24'] as const)('core suite on %s', (alias) => {
  it(
    'passes every test',
    async () => {
      const node = nodeBinary(alias);
      const report = join(workDirectory, `${alias}-report.json`);
      const versions = join(workDirectory, `${alias}-versions.txt`);
      const output = await runProcess(node.path, [VITEST_CLI, 'run', '--config', CONFIG, '--root', CORE_DIRECTORY], {
        cwd: CORE_DIRECTORY,
        env: childEnvironment({ CORE_SUITE_REPORT: report, CORE_SUITE_VERSIONS: versions }),
      });
      const log = `${output.stdout}\n${output.stderr}`;
      if (!existsSync(report)) {
        throw new Error(`Core's suite on Node.js ${node.version} exited with code ${output.code} and wrote no JSON report:\n${log}`);
      }

      const result = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
      const failed = result.testResults.flatMap((file) =>
        file.assertionResults.filter((test) => test.status === 'failed').map((test) => test.fullName),
      );
      expect(failed, log).toEqual([]);
      expect(result.numFailedTestSuites, log).toBe(0);
      expect(result.testResults.map((file) => basename(file.name)).sort()).toEqual(coreTestFiles);
      expect(result.numPassedTests).toBe(result.numTotalTests - result.numPendingTests - result.numTodoTests);
      expect(result.success).toBe(true);
      expect(output.code, log).toBe(0);

      const workerVersions = new Set(readFileSync(versions, 'utf8').trim().split('\n'));
      expect([...workerVersions]).toEqual([`v${node.version}`]);
    },
    SUITE_TIMEOUT_MS,
  );
});
