import { preview, reasonOf } from './args.js';
import { UsageError } from './errors.js';
import { type InputStream, isTerminal } from './io.js';

/**
 * Reads the event of `push` or `sign`: JSON from `argument`, or from stdin when the
 * argument is `-`, or absent while stdin is not a terminal.
 *
 * @throws {UsageError} when there is no event or it is not valid JSON.
 */
export async function readEvent(argument: string | undefined, stdin: InputStream): Promise<unknown> {
  if (argument !== undefined && argument !== '-') {
    return parseEvent(argument, 'event');
  }
  if (argument === undefined && isTerminal(stdin)) {
    throw new UsageError(
      'Missing event: pass it as JSON after the topic, for example \'{"id":42}\', or pipe ' +
        'it on stdin.',
    );
  }
  const text = await readAll(stdin);
  if (text.trim() === '') {
    throw new UsageError(
      'No event on stdin: it was empty. Pipe one JSON value, for example echo \'{"id":42}\' | autobahnpush push TOPIC.',
    );
  }

  return parseEvent(text, 'event on stdin');
}

function parseEvent(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `Invalid ${source} ${preview(text.trim())}: it is not valid JSON (${reasonOf(error)}). ` +
        'Quote a text event as JSON, for example \'"hello"\'.',
    );
  }
}

/** Reads `stream` to its end as UTF-8 text. */
export async function readAll(stream: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }

  return Buffer.concat(chunks).toString('utf8');
}
