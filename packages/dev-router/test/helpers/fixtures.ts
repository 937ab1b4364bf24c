import { readFileSync } from 'node:fs';

/** Reads a JSON file from the repository's fixtures/vectors folder. */
export function readVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../../fixtures/vectors/${name}`, import.meta.url), 'utf8')) as T;
}
