import { describe, expect, it } from 'vitest';
import {
  MAX_RESPONSE_BYTES,
  type ParsedResponse,
  ResponseParseError,
  ResponseParser,
} from '../src/platform/http1-response-parser.js';

const STREAM =
  'HTTP/1.1 200 OK\r\nContent-Length: 8\r\nContent-Type: application/json\r\n\r\n{"id":1}' +
  'HTTP/1.1 100 Continue\r\n\r\n' +
  'HTTP/1.1 503 Service Unavailable\r\nDate: Sat, 05 Dec 2026 00:00:00 GMT\r\nRetry-After: 3\r\n' +
  'Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nbusy \r\n3\r\nnow\r\n0\r\nX-Trailer: a\r\n\r\n' +
  'HTTP/1.1 204 No Content\r\nDate: ignored for a success\r\n\r\n' +
  'HTTP/1.1 400 Bad Request\r\nConnection: keep-alive, close\r\ncontent-length: 3\r\n\r\nbad';

const EXPECTED: ParsedResponse[] = [
  { status: 200, date: undefined, retryAfter: undefined, text: '{"id":1}', close: false },
  { status: 503, date: 'Sat, 05 Dec 2026 00:00:00 GMT', retryAfter: '3', text: 'busy now', close: false },
  { status: 204, date: undefined, retryAfter: undefined, text: '', close: false },
  { status: 400, date: undefined, retryAfter: undefined, text: 'bad', close: true },
];

function parse(pieces: Buffer[]): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  const parser = new ResponseParser((response) => responses.push({ ...response }));
  for (const piece of pieces) {
    parser.feed(piece);
  }
  expect(parser.busy).toBe(false);

  return responses;
}

describe('HTTP/1.1 response parser', () => {
  it('reads responses in one piece', () => {
    expect(parse([Buffer.from(STREAM)])).toEqual(EXPECTED);
  });

  it('reads responses split anywhere', () => {
    const bytes = Buffer.from(STREAM);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(parse([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(EXPECTED);
    }
  });

  it('reads responses byte by byte', () => {
    const bytes = Buffer.from(STREAM);

    expect(parse([...bytes].map((byte) => Buffer.from([byte])))).toEqual(EXPECTED);
  });

  it('ends a body at connection end', () => {
    const responses: ParsedResponse[] = [];
    const parser = new ResponseParser((response) => responses.push(response));
    parser.feed(Buffer.from('HTTP/1.0 200 OK\r\n\r\n{"id":'));
    parser.feed(Buffer.from('2}'));
    expect(responses).toEqual([]);

    expect(parser.end()).toBe(true);
    expect(responses).toEqual([{ status: 200, date: undefined, retryAfter: undefined, text: '{"id":2}', close: true }]);
  });

  it('reports a cut response', () => {
    const parser = new ResponseParser(() => {});
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{"id"'));

    expect(parser.end()).toBe(false);
  });

  it('reads close from any Connection line', () => {
    const bytes = 'HTTP/1.1 200 OK\r\nconnection: close\r\nconnection: x-trace\r\ncontent-length: 2\r\n\r\n{}';

    expect(parse([Buffer.from(bytes)])).toEqual([
      { status: 200, date: undefined, retryAfter: undefined, text: '{}', close: true },
    ]);
  });

  it('closes after an HTTP/1.0 response', () => {
    expect(parse([Buffer.from('HTTP/1.0 200 OK\r\ncontent-length: 2\r\n\r\n{}')])).toEqual([
      { status: 200, date: undefined, retryAfter: undefined, text: '{}', close: true },
    ]);
  });

  it('cuts long bodies at 64 KiB', () => {
    const long = 'x'.repeat(MAX_RESPONSE_BYTES + 10);
    const [response, next] = parse([
      Buffer.from(`HTTP/1.1 500 Oops\r\ncontent-length: ${long.length}\r\n\r\n${long}`),
      Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\n{"id":3}'),
    ]);

    expect(response!.text).toHaveLength(MAX_RESPONSE_BYTES);
    expect(next!.text).toBe('{"id":3}');
  });

  it.each([
    ['a status line that is not HTTP', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a status code that is not a number', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nbroken\r\n\r\n'],
    ['a negative content-length', 'HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n'],
    ['two different content-lengths', 'HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n'],
    ['a chunk size that is not hexadecimal', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without its line end', 'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nabc'],
    ['line ends without CR', 'HTTP/1.1 200 OK\ncontent-length: 0\n\n'],
    ['headers over 64 KiB in one piece', `HTTP/1.1 200 OK\r\nx: ${'a'.repeat(70_000)}\r\n\r\n`],
  ])('rejects %s', (_name, bytes) => {
    const parser = new ResponseParser(() => {});

    expect(() => parser.feed(Buffer.from(bytes))).toThrow(ResponseParseError);
  });

  it('rejects headers over 64 KiB', () => {
    const parser = new ResponseParser(() => {});

    expect(() => parser.feed(Buffer.from(`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(70_000)}`))).toThrow(
      /headers longer than 65536 bytes/,
    );
  });
});
