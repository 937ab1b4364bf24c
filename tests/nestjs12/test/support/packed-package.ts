import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../../../packages/nestjs/', import.meta.url));

/**
 * Where the built package is installed for these tests. Node.js resolves the package's
 * imports of `@nestjs/*` from there by walking up to this workspace's node_modules, which
 * holds NestJS 12, exactly as in an application that installed the package. (Imported
 * through its workspace link instead, the package would find the NestJS 11 copy that
 * packages/nestjs develops against.)
 */
export const PACKED_ROOT = fileURLToPath(new URL('../../.packed/node_modules/@autobahnpush/nestjs/', import.meta.url));

/** Entry point of the ESM build in the installed copy. */
export const PACKED_ESM = `${PACKED_ROOT}dist/index.mjs`;

/** Entry point of the CommonJS build in the installed copy. */
export const PACKED_CJS = `${PACKED_ROOT}dist/index.cjs`;

/** Copies the files that `npm publish` would ship (package.json and dist/) into PACKED_ROOT. */
export function installPackedPackage(): void {
  rmSync(PACKED_ROOT, { recursive: true, force: true });
  mkdirSync(PACKED_ROOT, { recursive: true });
  cpSync(`${source}package.json`, `${PACKED_ROOT}package.json`);
  cpSync(`${source}dist`, `${PACKED_ROOT}dist`, { recursive: true });
}
