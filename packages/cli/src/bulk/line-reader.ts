import type { Readable } from 'node:stream';

/** One physical line of an NDJSON input. */
export interface InputLine {
  /** 1-based line number in the input. */
  number: number;
  /** The line's bytes exactly as read, including its `\n` (absent on a last line without one). */
  raw: Buffer;
}

const NEWLINE = 0x0a;

/**
 * Splits `stream` into lines without reading it whole, yielding the lines of each chunk
 * as one batch so that a large input costs one `await` per chunk, not per line.
 * A `\r` before the `\n` stays part of the line, so lines are kept byte for byte.
 */
export async function* readLines(stream: Readable): AsyncGenerator<InputLine[]> {
  let pending: Buffer[] = [];
  let number = 0;
  for await (const data of stream) {
    const chunk = typeof data === 'string' ? Buffer.from(data) : (data as Buffer);
    const lines: InputLine[] = [];
    let start = 0;
    let end = chunk.indexOf(NEWLINE, start);
    while (end !== -1) {
      const piece = chunk.subarray(start, end + 1);
      const raw = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      number += 1;
      lines.push({ number, raw });
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
    }
    if (lines.length > 0) {
      yield lines;
    }
  }
  if (pending.length > 0) {
    yield [{ number: number + 1, raw: Buffer.concat(pending) }];
  }
}
