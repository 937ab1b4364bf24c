import type { Io } from './io.js';
import { createStyler, type Style } from './style.js';

/** Line-oriented writer for a command's results (stdout) and diagnostics (stderr). */
export class Output {
  readonly #io: Io;
  readonly #styleOut: (style: Style, text: string) => string;
  readonly #styleErr: (style: Style, text: string) => string;

  constructor(io: Io) {
    this.#io = io;
    this.#styleOut = createStyler(io.stdout, io.env);
    this.#styleErr = createStyler(io.stderr, io.env);
  }

  /** Writes one line of results to stdout. */
  line(text: string, style?: Style): void {
    this.#io.stdout.write(`${style === undefined ? text : this.#styleOut(style, text)}\n`);
  }

  /** Writes `value` to stdout as one line of JSON. */
  json(value: unknown): void {
    this.#io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Writes one diagnostic line to stderr. */
  info(text: string, style?: Style): void {
    this.#io.stderr.write(`${style === undefined ? text : this.#styleErr(style, text)}\n`);
  }

  /** Writes a warning to stderr. */
  warn(text: string): void {
    this.info(text, 'yellow');
  }

  /** Writes an error sentence to stderr. */
  error(text: string): void {
    this.info(text, 'red');
  }
}
