// Entry point for Node.js, Bun and Deno: imports @autobahnpush/core through the runtime's
// own package resolution, runs smoke.js and prints its results as one JSON line.
// SMOKE_CONFIG holds the JSON configuration.
import * as core from '@autobahnpush/core';
import { runSmoke } from './smoke.js';

const config = JSON.parse(globalThis.process.env.SMOKE_CONFIG);
const result = await runSmoke(core, config);

console.log(JSON.stringify({ coreUrl: import.meta.resolve('@autobahnpush/core'), ...result }));
