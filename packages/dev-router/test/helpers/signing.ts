import { createHmac } from 'node:crypto';

/** base64url with `=` padding of HMAC-SHA256(secret, parts joined without separator). */
export function sign(secret: string, ...parts: (string | Buffer)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);

  return hmac.digest('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** Builds a signed `/publish` target for `body` with the given key, secret and fields. */
export function signedPublishTarget(key: string, secret: string, body: string, fields: { timestamp: string; seq?: string; nonce?: string }): string {
  return signedTarget('/publish', key, secret, body, fields);
}

/** Builds a signed request target on `path` (`/publish` or `/call`) for `body` with the given key, secret and fields. */
export function signedTarget(path: string, key: string, secret: string, body: string, fields: { timestamp: string; seq?: string; nonce?: string }): string {
  const seq = fields.seq ?? '1';
  const nonce = fields.nonce ?? String(Math.floor(Math.random() * 2 ** 52));
  const signature = sign(secret, key, fields.timestamp, seq, nonce, body);
  const query = new URLSearchParams({ key, timestamp: fields.timestamp, seq, nonce, signature });

  return `${path}?${query.toString()}`;
}
