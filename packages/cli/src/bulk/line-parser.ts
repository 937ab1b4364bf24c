import type { PublishMessage } from '@autobahnpush/core';
import { preview, reasonOf } from '../args.js';

/** The push or publication that one NDJSON line describes. */
export type BulkJob =
  | { topic: string; event: unknown }
  | { topic: string; message: PublishMessage };

/** A line that cannot be sent as it is; counted as failed like a rejected push. */
export class LineError extends Error {
  /** `ERR_INVALID_JSON` for a line that is not JSON, `ERR_INVALID_LINE` for a wrong shape. */
  readonly code: 'ERR_INVALID_JSON' | 'ERR_INVALID_LINE';

  constructor(code: LineError['code'], message: string) {
    super(message);
    this.code = code;
  }

  override get name(): string {
    return 'LineError';
  }
}

const PUBLICATION_MEMBERS = new Set(['topic', 'args', 'kwargs', 'options']);

/**
 * Parses one line of a bulk input. With a command-line `topic`, the line is the event for
 * it; without one, the line is an object `{"topic", "args", "kwargs", "options"}`.
 *
 * @returns the job, or `undefined` for a blank line, which is skipped.
 * @throws {LineError} when the line is not JSON or not a publication object.
 */
export function parseLine(raw: Buffer, topic: string | undefined): BulkJob | undefined {
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    return undefined;
  }
  let value: unknown;
  try {
    // A byte order mark at the start of a file is not part of the JSON.
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new LineError('ERR_INVALID_JSON', `Invalid JSON ${preview(text.trim(), 40)} (${reasonOf(error)}).`);
  }
  if (topic !== undefined) {
    return { topic, event: value };
  }

  return toPublication(value);
}

function toPublication(value: unknown): BulkJob {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LineError(
      'ERR_INVALID_LINE',
      'The line is not an object {"topic", "args", "kwargs", "options"}; give a <topic> on the ' +
        'command line to push lines as events.',
    );
  }
  const record = value as Record<string, unknown>;
  if (typeof record.topic !== 'string') {
    throw new LineError('ERR_INVALID_LINE', 'The line has no "topic" string; add one, or give a <topic> on the command line.');
  }
  for (const name of Object.keys(record)) {
    if (!PUBLICATION_MEMBERS.has(name)) {
      throw new LineError(
        'ERR_INVALID_LINE',
        `The line has an unknown member ${JSON.stringify(name)}; a publication has topic, args, kwargs and options only.`,
      );
    }
  }
  const message: Record<string, unknown> = {};
  for (const name of ['args', 'kwargs', 'options'] as const) {
    if (record[name] !== undefined) {
      message[name] = record[name];
    }
  }

  return { topic: record.topic, message: message as PublishMessage };
}
