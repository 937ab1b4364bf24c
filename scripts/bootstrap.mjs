#!/usr/bin/env node
// Runs a root task (`demo` or `test`) on a machine that has only Node.js and npm.
// Without a matching pnpm it uses the release pinned in package.json through npx.
// It installs the workspace from the lockfile, then runs `ci:<task>`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const task = process.argv[2];
if (task !== 'demo' && task !== 'test') {
  console.error(`Unknown task "${task}". Run "npm run demo" or "npm test".`);
  process.exit(2);
}

const root = new URL('..', import.meta.url);
const { packageManager } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const pinned = packageManager.split('@')[1];

const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
const pnpm = installed.status === 0 && installed.stdout.trim() === pinned
  ? ['pnpm']
  : ['npx', '--yes', `pnpm@${pinned}`];

function run(args) {
  const [command, ...prefix] = pnpm;
  const result = spawnSync(command, [...prefix, ...args], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

run(['install', '--frozen-lockfile']);
run(['run', `ci:${task}`]);
