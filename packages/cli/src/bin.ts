#!/usr/bin/env node
import { run } from './run.js';

// A reader that stops early, such as `autobahnpush subscribe … | head -n 1`, closes the
// pipe; the next write fails with EPIPE, which ends the program quietly, as for cat.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

// The only place that exits the process: commands return an exit code or throw a CliError.
const code = await run(process.argv.slice(2));
process.exit(code);
