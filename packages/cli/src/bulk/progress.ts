import type { OutputStream } from '../io.js';

/** Counters the progress bar shows. */
export interface ProgressState {
  /** Lines settled: sent, failed or skipped. */
  done: number;
  failed: number;
  /** Bytes of the input lines dispatched or skipped so far. */
  bytesDone: number;
}

const REDRAW_MS = 100;
const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[2K';

/**
 * A one-line progress bar on a terminal: count, rate and, when the input size is known,
 * percentage and ETA. It redraws at most every 100 ms and erases itself before other
 * output, so failure reports and the summary stay readable.
 */
export class ProgressBar {
  readonly #stream: OutputStream;
  readonly #totalBytes: number | undefined;
  readonly #state: () => ProgressState;
  readonly #startedAt = performance.now();
  #timer: NodeJS.Timeout | undefined;
  #shown = false;

  /**
   * @param totalBytes - size of the input, or `undefined` for stdin, which shows no ETA.
   * @param state - returns the current counters at each redraw.
   */
  constructor(stream: OutputStream, totalBytes: number | undefined, state: () => ProgressState) {
    this.#stream = stream;
    this.#totalBytes = totalBytes;
    this.#state = state;
  }

  /** Draws the bar and redraws it until {@link stop}. */
  start(): void {
    this.draw();
    this.#timer = setInterval(() => this.draw(), REDRAW_MS);
    this.#timer.unref();
  }

  /** Draws the bar with the current counters. */
  draw(): void {
    const elapsedSeconds = (performance.now() - this.#startedAt) / 1000;
    const line = formatProgress(this.#state(), this.#totalBytes, elapsedSeconds);
    // A pseudo-terminal without a size reports 0 columns.
    const columns = this.#stream.columns || 80;
    this.#stream.write(`${CLEAR_LINE}${line.slice(0, Math.max(columns - 1, 10))}`);
    this.#shown = true;
  }

  /** Erases the bar so that other output can be written; the next redraw shows it again. */
  clear(): void {
    if (this.#shown) {
      this.#stream.write(CLEAR_LINE);
      this.#shown = false;
    }
  }

  /** Draws the final counters once, then erases the bar and stops redrawing. */
  stop(): void {
    clearInterval(this.#timer);
    this.draw();
    this.clear();
  }
}

/** Formats one frame, for example `[===     ]  45%  4500 lines  3012 lines/s  ETA 2s  3 failed`. */
export function formatProgress(state: ProgressState, totalBytes: number | undefined, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? Math.round(state.done / elapsedSeconds) : 0;
  const parts: string[] = [];
  if (totalBytes !== undefined && totalBytes > 0) {
    const fraction = Math.min(state.bytesDone / totalBytes, 1);
    const filled = Math.round(fraction * BAR_WIDTH);
    parts.push(`[${'='.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}]`, `${Math.floor(fraction * 100)}%`);
  }
  parts.push(`${state.done} lines`, `${rate} lines/s`);
  if (totalBytes !== undefined && totalBytes > 0) {
    parts.push(`ETA ${formatEta(state.bytesDone, totalBytes, elapsedSeconds)}`);
  }
  if (state.failed > 0) {
    parts.push(`${state.failed} failed`);
  }

  return parts.join('  ');
}

function formatEta(bytesDone: number, totalBytes: number, elapsedSeconds: number): string {
  if (bytesDone >= totalBytes) {
    return '0s';
  }
  if (bytesDone === 0 || elapsedSeconds === 0) {
    return '--';
  }
  const seconds = Math.ceil((elapsedSeconds * (totalBytes - bytesDone)) / bytesDone);

  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}
