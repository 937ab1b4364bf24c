/**
 * An HTTP request ready to send: what the request builders return and what a transport
 * sends. `body` is the exact text that was signed; it goes out as UTF-8.
 */
export interface PushHttpRequest {
  /** Always `POST`: both bridges accept it. */
  method: 'POST';
  /** Absolute URL, query included. It contains the key and signature of a signed request. */
  url: string;
  /** Request headers, `content-type` and `content-length` included. */
  headers: Record<string, string>;
  /** The body exactly as signed. */
  body: string;
}

/** Key and secret of a signed endpoint. */
export interface Credentials {
  /** Application key, sent in the query string. */
  key: string;
  /** Shared secret used for the HMAC; never sent. */
  secret: string | import('./signing-key.js').SigningKey;
}

/** Appends `query` to `url`, keeping a query the URL already has. */
export function withQuery(url: string | URL, query: string): string {
  const base = typeof url === 'string' ? url : url.href;
  const hashIndex = base.indexOf('#');
  const withoutHash = hashIndex === -1 ? base : base.slice(0, hashIndex);
  const separator = withoutHash.includes('?') ? '&' : '?';

  return withoutHash + separator + query;
}
