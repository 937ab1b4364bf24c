#!/usr/bin/env node
// Runs build, lint, typecheck and test for every workspace package through turbo, then
// prints one closing line with the totals of all vitest runs: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'examples', 'tests', '.']
  .flatMap((folder) => {
    const dir = join(root, folder);
    if (folder === '.') {
      return [join(root, 'bench')];
    }
    return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
  })
  .map((dir) => join(dir, '.vitest-report.json'));

for (const report of workspaces) {
  rmSync(report, { force: true });
}

const turbo = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', 'lint', 'typecheck', 'test', '--continue', '--concurrency=2', ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: root },
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of workspaces) {
  if (!existsSync(report)) {
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  // A file that fails to load has no failed test of its own; count it as one failure.
  failed += result.numFailedTests > 0 ? result.numFailedTests : result.numFailedTestSuites;
  skipped += result.numPendingTests + result.numTodoTests;
}

console.log('');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(turbo.status !== 0 || failed > 0 ? 1 : 0);
