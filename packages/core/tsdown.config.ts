import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsdown';

const shared = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'] as ('esm' | 'cjs')[],
  target: 'node20.19',
  dts: true,
  sourcemap: true,
};

export default defineConfig([
  // Node.js: keep-alive sockets on node:net and node:tls, and node:crypto.
  { ...shared, platform: 'node', outDir: 'dist', clean: false },
  // Deno, Bun, Cloudflare Workers, browsers: fetch, Web Crypto and TextEncoder only.
  {
    ...shared,
    platform: 'neutral',
    outDir: 'dist/web',
    clean: false,
    alias: {
      './platform/current.js': fileURLToPath(new URL('src/platform/web.ts', import.meta.url)),
    },
  },
]);
