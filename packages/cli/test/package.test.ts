import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from './support/cli.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const LAZY_MODULES = ['autobahn', 'ws', '@autobahnpush/dev-router'];

/** Collects every module that `file` imports statically, following relative imports. */
async function staticImports(file: string, seen = new Set<string>()): Promise<Set<string>> {
  const text = await readFile(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;'"]*?(?:from\s*)?['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      const target = join(dirname(file), specifier);
      if (!seen.has(target)) {
        seen.add(target);
        await staticImports(target, seen);
      }
    } else {
      seen.add(specifier);
    }
  }

  return seen;
}

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });

  return { stream, text: () => text };
}

describe('built package', () => {
  it('runs through import', async () => {
    const { run, ExitCode, VERSION } = await import(join(DIST, 'index.mjs'));
    const stdout = capture();
    const stderr = capture();
    const code = await run(['--version'], { stdin: new PassThrough(), stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: DIST });

    expect(code).toBe(ExitCode.Success);
    expect(stdout.text()).toBe(`${VERSION}\n`);
  });

  it('runs through require', async () => {
    const require = createRequire(import.meta.url);
    const { run, ExitCode } = require(join(DIST, 'index.cjs'));
    const stdout = capture();
    const stderr = capture();
    const code = await run(['push', 'com.example.a', '1'], { stdin: new PassThrough(), stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: DIST });

    expect(code).toBe(ExitCode.Usage);
    expect(stderr.text()).toBe('Missing push URL: pass --url http://127.0.0.1:8080/publish or set AUTOBAHNPUSH_URL.\n');
  });

  it('reports the package.json version', async () => {
    const { VERSION } = await import(join(DIST, 'index.mjs'));
    const pkg = JSON.parse(await readFile(join(DIST, '..', 'package.json'), 'utf8'));

    expect(VERSION).toBe(pkg.version);
  });

  it('loads autobahn and the dev router only on demand', async () => {
    const imports = await staticImports(BIN);

    expect([...imports].filter((specifier) => !specifier.startsWith('/'))).toEqual(['node:util']);
    for (const name of LAZY_MODULES) {
      expect(imports.has(name)).toBe(false);
    }
  });

  it('loads core only when a command runs', async () => {
    const files = await readdir(DIST);
    for (const command of ['push', 'publish', 'call', 'sign', 'ping', 'subscribe', 'dev']) {
      // tsdown names a chunk after its module plus an 8-character hash.
      const chunk = files.find((file) => new RegExp(`^${command}-[\\w-]{8}\\.mjs$`).test(file));

      expect(chunk).toBeDefined();

      const imports = await staticImports(join(DIST, chunk as string));

      expect([...imports].filter((specifier) => !specifier.startsWith('/') && !specifier.startsWith('node:'))).toEqual([]);
    }
  });

  it('starts with a shebang', async () => {
    expect((await readFile(BIN, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
