/**
 * Logger interface accepted by the `logger` option. `console` satisfies it.
 *
 * @example
 * ```ts
 * await startDevRouter({ logger: console });
 * ```
 */
export interface DevRouterLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const ignore = (): void => {};

/** Logger used when none is given: the dev router prints nothing by default. */
export const silentLogger: DevRouterLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
