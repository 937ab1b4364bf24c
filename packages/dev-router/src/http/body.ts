import type { IncomingMessage } from 'node:http';

/** A request body read with a size limit. */
export interface ReadBody {
  /** The body, or the first `limit` bytes of it when `tooLarge` is set. */
  readonly bytes: Buffer;
  /** Full body length in bytes, also for chunked bodies without Content-Length. */
  readonly length: number;
  /** Whether `length` exceeds the limit. */
  readonly tooLarge: boolean;
}

/**
 * Reads the whole request body. With a `limit` above 0 it keeps at most
 * `limit` bytes in memory but still counts the rest, so the response can
 * report the real length and the client is not cut off mid-upload.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let buffered = 0;

    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (limit > 0 && buffered >= limit) return;

      const room = limit > 0 ? limit - buffered : chunk.length;
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      chunks.push(part);
      buffered += part.length;
    });
    request.on('end', () => resolve({ bytes: Buffer.concat(chunks), length, tooLarge: limit > 0 && length > limit }));
    request.on('error', reject);
  });
}
