/** One HTTP/1.1 response read off a connection, with the few headers the client uses. */
export interface ParsedResponse {
  status: number;
  /** `Date` header of a failure (status 400 and above). */
  date: string | undefined;
  /** `Retry-After` header of a failure (status 400 and above). */
  retryAfter: string | undefined;
  /** Body as UTF-8 text, cut at {@link MAX_RESPONSE_BYTES}. */
  text: string;
  /** The server closes the connection after this response and reads no further request. */
  close: boolean;
}

/** Maximum response body the parser keeps, in bytes. Bridge responses are tiny, so only an HTML error page is ever cut. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
// A status line and headers longer than this are not a bridge response.
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const BARE_LF_END = Buffer.from('\n\n');
const EMPTY = Buffer.alloc(0);

enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailer,
  UntilClose,
}

/** Malformed response bytes: the connection cannot be used any more. */
export class ResponseParseError extends Error {
  readonly code = 'ERR_INVALID_HTTP_RESPONSE';
}

/**
 * Reads HTTP/1.1 responses from the bytes of one connection, in order, however the bytes
 * are split: bodies framed by `content-length`, chunked, or ending with the connection.
 * Interim 1xx responses are skipped. It calls `onResponse` once per complete response.
 */
export class ResponseParser {
  #state = State.Head;
  #pending: Buffer = EMPTY;
  #remaining = 0;
  #chunks: Buffer[] = [];
  #size = 0;
  #response: ParsedResponse | undefined;
  readonly #onResponse: (response: ParsedResponse) => void;

  constructor(onResponse: (response: ParsedResponse) => void) {
    this.#onResponse = onResponse;
  }

  /** True when a response has started and is not complete yet. */
  get busy(): boolean {
    return this.#state !== State.Head || this.#pending.length > 0;
  }

  /**
   * Consumes bytes from the connection.
   *
   * @throws {ResponseParseError} when the bytes are not a valid response.
   */
  feed(chunk: Buffer): void {
    const buffer = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    this.#pending = EMPTY;
    let offset = 0;
    while (offset < buffer.length) {
      const consumed = this.#step(buffer, offset);
      if (consumed === -1) {
        // Needs more bytes; keep what is left of this chunk.
        this.#pending = offset === 0 ? buffer : buffer.subarray(offset);
        if (this.#state === State.Head && this.#pending.length > MAX_HEAD_BYTES) {
          throw new ResponseParseError(`response headers longer than ${MAX_HEAD_BYTES} bytes`);
        }

        return;
      }
      offset = consumed;
    }
  }

  /**
   * Completes a response whose body ends with the connection. Returns false when the
   * connection ended in the middle of a response, which is then lost.
   */
  end(): boolean {
    if (this.#state === State.UntilClose) {
      this.#finish();

      return true;
    }

    return !this.busy;
  }

  // Parses from `offset` and returns the offset after what it used, or -1 for more bytes.
  #step(buffer: Buffer, offset: number): number {
    switch (this.#state) {
      case State.Head:
        return this.#readHead(buffer, offset);
      case State.Length:
      case State.ChunkData:
      case State.UntilClose:
        return this.#readBody(buffer, offset);
      case State.ChunkSize:
        return this.#readChunkSize(buffer, offset);
      case State.ChunkEnd:
        return this.#expectLineEnd(buffer, offset);
      case State.Trailer:
        return this.#readTrailer(buffer, offset);
    }
  }

  #readHead(buffer: Buffer, offset: number): number {
    const headEnd = buffer.indexOf(HEAD_END, offset);
    if (headEnd === -1) {
      // Bare LF line ends would otherwise leave the parser waiting for a blank line forever.
      if (buffer.indexOf(BARE_LF_END, offset) !== -1) {
        throw new ResponseParseError('response head lines end in LF without CR');
      }

      return -1;
    }
    if (headEnd - offset > MAX_HEAD_BYTES) {
      throw new ResponseParseError(`response headers longer than ${MAX_HEAD_BYTES} bytes`);
    }
    const head = buffer.toString('latin1', offset, headEnd);
    const next = headEnd + HEAD_END.length;
    if (!head.startsWith('HTTP/1.') || head.charCodeAt(8) !== 32) {
      throw new ResponseParseError(`invalid status line ${JSON.stringify(head.slice(0, 40))}`);
    }
    const status = Number(head.slice(9, 12));
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new ResponseParseError(`invalid status code in ${JSON.stringify(head.slice(0, 40))}`);
    }
    if (status < 200) {
      // 100 Continue and other interim responses carry no body, and the final response follows.
      return next;
    }
    const headers = readHeaders(head, status);
    this.#response = {
      status,
      date: headers.date,
      retryAfter: headers.retryAfter,
      text: '',
      close: headers.close || head.charCodeAt(7) === 48,
    };
    this.#chunks = [];
    this.#size = 0;
    if (status === 204 || status === 304) {
      this.#finish();
    } else if (headers.chunked) {
      this.#state = State.ChunkSize;
    } else if (headers.contentLength !== undefined) {
      this.#remaining = headers.contentLength;
      this.#state = State.Length;
      if (this.#remaining === 0) {
        this.#finish();
      }
    } else {
      this.#state = State.UntilClose;
      this.#response.close = true;
    }

    return next;
  }

  #readBody(buffer: Buffer, offset: number): number {
    const available = buffer.length - offset;
    const take = this.#state === State.UntilClose ? available : Math.min(available, this.#remaining);
    if (this.#size < MAX_RESPONSE_BYTES) {
      this.#chunks.push(offset === 0 && take === buffer.length ? buffer : buffer.subarray(offset, offset + take));
    }
    this.#size += take;
    if (this.#state !== State.UntilClose) {
      this.#remaining -= take;
      if (this.#remaining === 0) {
        if (this.#state === State.Length) {
          this.#finish();
        } else {
          this.#state = State.ChunkEnd;
        }
      }
    }

    return offset + take;
  }

  #readChunkSize(buffer: Buffer, offset: number): number {
    const lineEnd = buffer.indexOf(CRLF, offset);
    if (lineEnd === -1) {
      return -1;
    }
    const line = buffer.toString('latin1', offset, lineEnd);
    const sizeText = line.split(';', 1)[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) {
      throw new ResponseParseError(`invalid chunk size ${JSON.stringify(line.slice(0, 20))}`);
    }
    this.#remaining = Number.parseInt(sizeText, 16);
    this.#state = this.#remaining === 0 ? State.Trailer : State.ChunkData;

    return lineEnd + CRLF.length;
  }

  #expectLineEnd(buffer: Buffer, offset: number): number {
    if (buffer.length - offset < CRLF.length) {
      return -1;
    }
    if (buffer[offset] !== 13 || buffer[offset + 1] !== 10) {
      throw new ResponseParseError('missing line end after a chunk');
    }
    this.#state = State.ChunkSize;

    return offset + CRLF.length;
  }

  #readTrailer(buffer: Buffer, offset: number): number {
    const lineEnd = buffer.indexOf(CRLF, offset);
    if (lineEnd === -1) {
      return -1;
    }
    // Trailer fields are ignored, and an empty line ends the response.
    if (lineEnd === offset) {
      this.#finish();
    }

    return lineEnd + CRLF.length;
  }

  #finish(): void {
    const response = this.#response!;
    const chunks = this.#chunks;
    response.text =
      chunks.length === 0
        ? ''
        : chunks.length === 1
          ? chunks[0]!.toString('utf8', 0, MAX_RESPONSE_BYTES)
          : Buffer.concat(chunks).toString('utf8', 0, MAX_RESPONSE_BYTES);
    this.#chunks = [];
    this.#response = undefined;
    this.#state = State.Head;
    this.#onResponse(response);
  }
}

interface HeaderFacts {
  contentLength: number | undefined;
  chunked: boolean;
  close: boolean;
  date: string | undefined;
  retryAfter: string | undefined;
}

// Reads the framing headers, and Date and Retry-After of failures, from a response head.
function readHeaders(head: string, status: number): HeaderFacts {
  const facts: HeaderFacts = {
    contentLength: undefined,
    chunked: false,
    close: false,
    date: undefined,
    retryAfter: undefined,
  };
  let lineStart = head.indexOf('\r\n') + 2;
  while (lineStart > 1 && lineStart < head.length) {
    let lineEnd = head.indexOf('\r\n', lineStart);
    if (lineEnd === -1) {
      lineEnd = head.length;
    }
    const colon = head.indexOf(':', lineStart);
    if (colon === -1 || colon > lineEnd) {
      throw new ResponseParseError(`invalid header line ${JSON.stringify(head.slice(lineStart, lineEnd).slice(0, 40))}`);
    }
    const name = head.slice(lineStart, colon).toLowerCase();
    if (name.length === 14 && name === 'content-length') {
      const value = head.slice(colon + 1, lineEnd).trim();
      if (!/^\d{1,15}$/.test(value) || (facts.contentLength !== undefined && facts.contentLength !== Number(value))) {
        throw new ResponseParseError(`invalid content-length ${JSON.stringify(value.slice(0, 20))}`);
      }
      facts.contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      facts.chunked = /(?:^|,)\s*chunked\s*$/i.test(head.slice(colon + 1, lineEnd));
    } else if (name === 'connection') {
      // Several Connection lines form one list, so any of them may carry `close`.
      facts.close ||= /(?:^|,)\s*close\s*(?:,|$)/i.test(head.slice(colon + 1, lineEnd));
    } else if (status >= 400 && name === 'date') {
      facts.date = head.slice(colon + 1, lineEnd).trim();
    } else if (status >= 400 && name === 'retry-after') {
      facts.retryAfter = head.slice(colon + 1, lineEnd).trim();
    }
    lineStart = lineEnd + 2;
  }

  return facts;
}
