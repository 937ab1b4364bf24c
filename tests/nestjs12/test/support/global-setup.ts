import { installPackedPackage } from './packed-package.js';

/** Installs a fresh copy of the built package before any test file loads it. */
export default function setup(): void {
  installPackedPackage();
}
