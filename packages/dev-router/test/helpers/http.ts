import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** A response as the tests inspect it. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Options of `send()`. */
export interface SendOptions {
  method?: string;
  /** Request target: path and query, e.g. `/publish?seq=1`. */
  target: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body with chunked transfer encoding instead of Content-Length. */
  chunked?: boolean;
}

/** Sends one HTTP request to `baseUrl` with exact control over the target, headers and body bytes. */
export function send(baseUrl: string, options: SendOptions): Promise<HttpResult> {
  const url = new URL(baseUrl);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string | number> = { ...options.headers };
  if (body !== undefined && !options.chunked) headers['content-length'] = body.length;

  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname.replace(/^\[|\]$/gu, ''), port: url.port, method: options.method ?? 'POST', path: options.target, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (body !== undefined && options.chunked) {
      // Two writes, so the body really travels in more than one chunk.
      const middle = Math.floor(body.length / 2);
      request.write(body.subarray(0, middle));
      request.write(body.subarray(middle));
    } else if (body !== undefined) {
      request.write(body);
    }
    request.end();
  });
}

/** Writes raw bytes to the router's port and returns the status line code of the first response. */
export function sendRaw(baseUrl: string, raw: string): Promise<{ status: number; text: string }> {
  const url = new URL(baseUrl);

  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/gu, ''), port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/u.exec(text)?.[1] ?? 0), text });
    });
    socket.end(raw);
  });
}

/** Returns a `/publish` timestamp `offsetMs` from now, with the millisecond fraction the protocol expects. */
export function bridgeTimestamp(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

/** POSTs `body` as JSON to the router's `/publish` and returns the status and parsed body. */
export async function publishJson(publishUrl: string, body: unknown, target = '/publish'): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await send(new URL(publishUrl).origin, { target, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
}
