/**
 * Query string parsing with the rules of Twisted's `parse_qs`, which
 * Crossbar.io's HTTP bridge uses. Both `&` and `;` separate parameters, `+`
 * decodes to a space, and a pair without `=` is skipped. Values stay raw
 * bytes because the signature covers the decoded bytes.
 */

/** Decoded query parameters; the first occurrence of a repeated name wins. */
export type QueryParameters = ReadonlyMap<string, Buffer>;

/** Parses the query part of a request target (without the leading `?`). */
export function parseQuery(query: string): QueryParameters {
  const parameters = new Map<string, Buffer>();
  for (const pair of query.split(/[&;]/u)) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;

    const name = percentDecode(pair.slice(0, separator)).toString('utf8');
    if (!parameters.has(name)) parameters.set(name, percentDecode(pair.slice(separator + 1)));
  }

  return parameters;
}

/** Decodes `+` and `%XX` escapes to bytes. A `%` not followed by two hex digits stays as it is. */
function percentDecode(text: string): Buffer {
  const source = Buffer.from(text.replaceAll('+', ' '), 'utf8');
  const bytes: number[] = [];
  for (let index = 0; index < source.length; index++) {
    const byte = source[index]!;
    if (byte === 0x25 && index + 2 < source.length && isHexDigit(source[index + 1]!) && isHexDigit(source[index + 2]!)) {
      bytes.push(Number.parseInt(String.fromCharCode(source[index + 1]!, source[index + 2]!), 16));
      index += 2;
      continue;
    }

    bytes.push(byte);
  }

  return Buffer.from(bytes);
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
