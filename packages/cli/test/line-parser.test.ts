import { describe, expect, it } from 'vitest';
import { LineError, parseLine } from '../src/bulk/line-parser.js';

const parse = (text: string, topic?: string) => parseLine(Buffer.from(text), topic);

function lineErrorOf(text: string, topic?: string): LineError {
  try {
    parse(text, topic);
  } catch (error) {
    if (error instanceof LineError) {
      return error;
    }
    throw error;
  }
  throw new Error(`parseLine accepted ${text}`);
}

describe('parseLine', () => {
  it('reads an event for the command-line topic', () => {
    expect(parse('{"id":1}\n', 'com.example.a')).toEqual({ topic: 'com.example.a', event: { id: 1 } });
  });

  it('reads any JSON value as an event', () => {
    expect(parse('"text"\r\n', 'com.example.a')).toEqual({ topic: 'com.example.a', event: 'text' });
  });

  it('reads a publication object without a topic argument', () => {
    expect(parse('{"topic":"com.example.b","args":[1],"kwargs":{"a":2},"options":{"retain":true}}')).toEqual({
      topic: 'com.example.b',
      message: { args: [1], kwargs: { a: 2 }, options: { retain: true } },
    });
  });

  it('skips blank lines', () => {
    expect(parse('  \r\n', 'com.example.a')).toBeUndefined();
  });

  it('ignores a byte order mark', () => {
    expect(parse('\ufeff{"id":1}', 'com.example.a')).toEqual({ topic: 'com.example.a', event: { id: 1 } });
  });

  it('rejects invalid JSON', () => {
    expect(lineErrorOf('{"id":', 'com.example.a').code).toBe('ERR_INVALID_JSON');
  });

  it('rejects a publication without topic', () => {
    const error = lineErrorOf('{"args":[1]}');

    expect(error.code).toBe('ERR_INVALID_LINE');
    expect(error.message).toContain('"topic"');
  });

  it('rejects a publication that is not an object', () => {
    expect(lineErrorOf('[1,2]').code).toBe('ERR_INVALID_LINE');
  });

  it('rejects unknown publication members', () => {
    expect(lineErrorOf('{"topic":"a.b","event":1}').message).toContain('"event"');
  });
});
