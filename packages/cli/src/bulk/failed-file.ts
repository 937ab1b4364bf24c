import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { access, lstat, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { reasonOf } from '../args.js';
import { FailureError, UsageError } from '../errors.js';

/**
 * The file that receives every failed line of a bulk run, byte for byte, so that running
 * it as input again sends exactly what was lost. It is created at the first failure; a
 * run without failures removes a file left at the same path by an earlier run.
 */
export class FailedFile {
  /** Path of the file. */
  readonly path: string;
  #stream: WriteStream | undefined;
  #error: Error | undefined;
  #lines = 0;

  constructor(path: string) {
    this.path = path;
  }

  /**
   * Checks that the file's folder is writable, so a run does not fail at its first failed line.
   *
   * @throws {UsageError} naming the path.
   */
  async assertWritable(): Promise<void> {
    try {
      await access(dirname(this.path), constants.W_OK);
    } catch (error) {
      throw new UsageError(
        `Cannot write the failed file ${JSON.stringify(this.path)} (${reasonOf(error)}): pass --failed with a path in a writable folder.`,
      );
    }
  }

  /** Number of lines written. */
  get lines(): number {
    return this.#lines;
  }

  /** Appends one line exactly as it was read. */
  write(raw: Buffer): void {
    if (this.#stream === undefined) {
      this.#stream = createWriteStream(this.path, { flags: 'w' });
      this.#stream.on('error', (error) => {
        this.#error ??= error;
      });
    }
    this.#lines += 1;
    this.#stream.write(raw);
  }

  /**
   * Flushes and closes the file, or removes a stale one when nothing failed.
   *
   * @throws {FailureError} when a write failed, because failed lines would be lost.
   */
  async close(): Promise<void> {
    const stream = this.#stream;
    if (stream === undefined) {
      await this.#removeStale();

      return;
    }
    await new Promise<void>((resolve) => {
      stream.end(() => resolve());
      stream.once('error', () => resolve());
    });
    if (this.#error !== undefined) {
      throw new FailureError(
        `Writing the failed lines to ${JSON.stringify(this.path)} failed (${reasonOf(this.#error)}); ` +
          'they are listed on stderr. Free disk space or pass another --failed path.',
      );
    }
  }

  // Only a regular file is removed: a path such as /dev/stderr must survive.
  async #removeStale(): Promise<void> {
    const stats = await lstat(this.path).catch(() => undefined);
    if (stats?.isFile() === true) {
      await rm(this.path, { force: true });
    }
  }
}
