/**
 * Child process that pushes every line of an NDJSON file through one signed
 * `autobahnpush` client, configured as the CLI configures its bulk client, for comparison
 * with `autobahnpush push --ndjson`. Lines are read and parsed before the clock starts.
 */
import { readFileSync } from 'node:fs';
import { Client } from '@autobahnpush/core';
import { TOPIC } from './push-clients.js';
import { readSpec, sendToParent } from './processes.js';

/** Settings of the library side of the bulk comparison. */
export interface BulkLibrarySpec {
  url: string;
  key: string;
  secret: string;
  file: string;
  concurrency: number;
}

/** Result of the library side of the bulk comparison. */
export interface BulkLibraryResult {
  lines: number;
  seconds: number;
  errors: number;
  firstError: string | undefined;
}

const spec = readSpec<BulkLibrarySpec>();
const events = readFileSync(spec.file, 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as unknown);
// The CLI's bulk command sets connections and maxInFlight to its --concurrency.
const client = new Client(spec.url, {
  key: spec.key,
  secret: spec.secret,
  connections: spec.concurrency,
  maxInFlight: spec.concurrency,
});

let next = 0;
let errors = 0;
let firstError: string | undefined;
const loop = async (): Promise<void> => {
  while (next < events.length) {
    const event = events[next];
    next += 1;
    try {
      await client.push(TOPIC, event);
    } catch (error) {
      errors += 1;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
};

const startedAt = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, loop));
const seconds = (performance.now() - startedAt) / 1000;
await client.close();

const result: BulkLibraryResult = { lines: events.length, seconds, errors, firstError };
await sendToParent(result);
