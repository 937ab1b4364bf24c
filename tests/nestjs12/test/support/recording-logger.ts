import type { LoggerService } from '@nestjs/common';

/** One message written through Nest's logger. */
export interface LogEntry {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  message: string;
  context: string | undefined;
}

/**
 * A Nest logger that records messages instead of printing them. Nest passes the context
 * as the last string argument, after an optional stack trace for `error`.
 */
export class RecordingLogger implements LoggerService {
  readonly entries: LogEntry[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.#record('log', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.#record('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.#record('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.#record('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.#record('verbose', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.#record('fatal', message, rest);
  }

  /** Messages of `level` written with context `context`. */
  messages(level: LogEntry['level'], context = 'AutobahnPush'): string[] {
    return this.entries
      .filter((entry) => entry.level === level && entry.context === context)
      .map((entry) => entry.message);
  }

  #record(level: LogEntry['level'], message: unknown, rest: unknown[]): void {
    const last = rest.at(-1);
    this.entries.push({
      level,
      message: String(message),
      context: typeof last === 'string' ? last : undefined,
    });
  }
}
