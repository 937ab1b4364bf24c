import type { LineFailure } from './failure-log.js';

/** Outcome of a bulk run, printed as a line or, with `--json`, as one object. */
export interface BulkSummary {
  ok: boolean;
  /** Lines the router accepted. */
  sent: number;
  /** Lines that failed, malformed ones included; each is in the failed file. */
  failed: number;
  /** Blank lines, which are not sent. */
  skipped: number;
  durationMs: number;
  /** Lines sent or failed per second. */
  rate: number;
  /** Path of the failed file, or `null` when no line failed. */
  failedFile: string | null;
  /** Whether SIGINT or SIGTERM stopped the run before the end of the input. */
  interrupted: boolean;
  /** Number of the last line read; lines after it were not read when `interrupted`. */
  lastLine: number;
  failures: Omit<LineFailure, 'raw'>[];
}

/** Formats the summary line: `Sent 9990, failed 10 in 2.41 s (4145 lines/s).` and where failures went. */
export function formatSummary(summary: BulkSummary): string {
  const seconds = (summary.durationMs / 1000).toFixed(2);
  let text = `Sent ${summary.sent}, failed ${summary.failed} in ${seconds} s (${summary.rate} lines/s).`;
  if (summary.skipped > 0) {
    text += ` Skipped ${summary.skipped} blank lines.`;
  }
  if (summary.failedFile !== null) {
    text += ` Failed lines are in ${summary.failedFile}.`;
  }
  if (summary.interrupted) {
    text += ` Interrupted: lines after ${summary.lastLine} were not read.`;
  }

  return text;
}

/** Formats the stderr report of one failed line. */
export function formatFailure(failure: LineFailure): string {
  return `Line ${failure.line} failed (${failure.code}): ${failure.message}`;
}
