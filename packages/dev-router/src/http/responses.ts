import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sets the headers Crossbar.io's HTTP bridge sends with every response, so
 * browsers may call `/publish` across origins in demos.
 */
export function setBridgeHeaders(request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin;
  response.setHeader('access-control-allow-origin', origin === undefined || origin === 'null' ? '*' : origin);
  response.setHeader('access-control-allow-credentials', 'true');
  response.setHeader('cache-control', 'no-store, no-cache, must-revalidate, max-age=0');

  const requestedHeaders = request.headers['access-control-request-headers'];
  if (requestedHeaders !== undefined) response.setHeader('access-control-allow-headers', requestedHeaders);
}

/** Sends a JSON response body. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends an HTTP bridge error: `{"error": message, "args": [], "kwargs": {}}`. */
export function sendBridgeError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message, args: [], kwargs: {} });
}

/** Sends a one-line plain-text response, the error format of the appliance `/push` endpoint. */
export function sendText(response: ServerResponse, status: number, line: string): void {
  const text = `${line.replaceAll(/[\r\n]+/gu, ' ')}\n`;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Sends a response without a body, as for `OPTIONS /publish` and a successful `/push`. */
export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': 0 });
  response.end();
}
