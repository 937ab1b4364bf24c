import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from '../src/bulk/line-reader.js';

async function collect(chunks: string[]): Promise<{ number: number; raw: string }[]> {
  const lines: { number: number; raw: string }[] = [];
  for await (const batch of readLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))))) {
    for (const line of batch) {
      lines.push({ number: line.number, raw: line.raw.toString('utf8') });
    }
  }

  return lines;
}

describe('readLines', () => {
  it('keeps each newline with its line', async () => {
    expect(await collect(['a\nb\n'])).toEqual([
      { number: 1, raw: 'a\n' },
      { number: 2, raw: 'b\n' },
    ]);
  });

  it('keeps a last line without newline', async () => {
    expect(await collect(['a\nb'])).toEqual([
      { number: 1, raw: 'a\n' },
      { number: 2, raw: 'b' },
    ]);
  });

  it('joins lines split across chunks', async () => {
    expect(await collect(['{"a"', ':1}\n{"b', '":2}\r\n', 'x'])).toEqual([
      { number: 1, raw: '{"a":1}\n' },
      { number: 2, raw: '{"b":2}\r\n' },
      { number: 3, raw: 'x' },
    ]);
  });

  it('counts blank lines', async () => {
    expect(await collect(['\n\nz\n'])).toEqual([
      { number: 1, raw: '\n' },
      { number: 2, raw: '\n' },
      { number: 3, raw: 'z\n' },
    ]);
  });

  it('yields nothing for empty input', async () => {
    expect(await collect([])).toEqual([]);
  });

  it('keeps multi-byte characters split across chunks', async () => {
    const bytes = Buffer.from('"€"\n');
    const lines: Buffer[] = [];
    for await (const batch of readLines(Readable.from([bytes.subarray(0, 2), bytes.subarray(2)]))) {
      lines.push(...batch.map((line) => line.raw));
    }

    expect(lines).toEqual([bytes]);
  });
});
