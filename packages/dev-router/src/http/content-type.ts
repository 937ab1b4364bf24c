/**
 * `Content-Type` check of the `/publish` endpoint, with Crossbar.io's rules.
 * A request without the header is accepted. Otherwise the media type must be
 * `application/json` (any case). Parameters must be `name=value` pairs
 * without repeated names, and a `charset` must be `utf-8` or `utf8` (any case, unquoted).
 */

/** Result of `checkJsonContentType()`. */
export type ContentTypeCheck = { ok: true } | { ok: false; message: string };

/** Checks the first `Content-Type` header of a `/publish` request. */
export function checkJsonContentType(header: string | undefined): ContentTypeCheck {
  if (header === undefined) return { ok: true };

  const elements = header.split(';').map((element) => element.trim().toLowerCase());
  const mediaType = elements[0] ?? '';
  if (mediaType !== 'application/json') {
    return { ok: false, message: `Unsupported Content-Type '${mediaType}': send 'application/json' (or no Content-Type header).` };
  }

  const parameters = new Map<string, string>();
  for (const element of elements.slice(1)) {
    if (!element.includes('=')) continue;

    const parts = element.split('=');
    const name = (parts[0] ?? '').trim();
    if (parts.length !== 2 || parameters.has(name)) {
      return { ok: false, message: `Malformed Content-Type parameters in '${header}': give each parameter once, as name=value.` };
    }

    parameters.set(name, (parts[1] ?? '').trim());
  }

  const charset = parameters.get('charset') ?? 'utf-8';
  if (charset !== 'utf-8' && charset !== 'utf8') {
    return { ok: false, message: `Unsupported request charset '${charset}': the body must be UTF-8 (charset=utf-8, unquoted, or no charset).` };
  }

  return { ok: true };
}
