import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const shared = {
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  define: { __CLI_VERSION__: JSON.stringify(version) },
} as const;

export default defineConfig([
  // The library entry, for programs that run the CLI in-process.
  {
    ...shared,
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
  },
  // The executable: ESM only, so `autobahnpush` starts without a CommonJS copy.
  {
    ...shared,
    entry: ['src/bin.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
  },
]);
