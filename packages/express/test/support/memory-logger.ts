import type { Logger } from '../../src/index.js';

/** One call to a {@link MemoryLogger} method. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details: unknown[];
}

/** A logger that records every call, for assertions. */
export interface MemoryLogger extends Logger {
  entries: LogEntry[];
  /** Messages logged at `level`, in order. */
  messages: (level: LogEntry['level']) => string[];
}

export function memoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, ...details: unknown[]): void => {
      entries.push({ level, message, details });
    };

  return {
    entries,
    messages: (level) => entries.filter((entry) => entry.level === level).map((entry) => entry.message),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}
