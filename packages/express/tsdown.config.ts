import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: true,
  clean: true,
  // The Request and Response types come from the application's own @types/express; the
  // declaration merging must target that copy, so it is never bundled.
  deps: { neverBundle: ['express-serve-static-core'] },
});
