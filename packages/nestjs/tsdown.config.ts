import { defineConfig } from 'tsdown';

// Decorator metadata (`design:paramtypes`) is emitted because tsconfig.json enables
// experimentalDecorators and emitDecoratorMetadata; test/packaging.test.ts checks the output.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: true,
  clean: true,
});
