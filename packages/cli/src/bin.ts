#!/usr/bin/env node
import { run } from './run.js';

// The only place that exits the process: commands return an exit code or throw a CliError.
const code = await run(process.argv.slice(2));
process.exit(code);
