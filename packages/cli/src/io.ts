import type { Readable, Writable } from 'node:stream';

/** A readable stream that may be a terminal. */
export type InputStream = Readable & { isTTY?: boolean };

/** A writable stream that may be a terminal. */
export type OutputStream = Writable & {
  isTTY?: boolean;
  columns?: number;
  hasColors?: (count?: number, env?: NodeJS.ProcessEnv) => boolean;
};

/**
 * The process streams and environment a command uses. Tests and embedding programs pass
 * their own; the executable passes the real ones.
 */
export interface Io {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** Directory that relative paths are resolved against. */
  cwd: string;
}

/** Returns the {@link Io} of the current process. */
export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Tells whether `stream` is a terminal. */
export function isTerminal(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}
