import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Realm } from './realm.js';
import { WampSession } from './session.js';

/** The only WebSocket subprotocol the router speaks. */
export const WAMP_SUBPROTOCOL = 'wamp.2.json';

/** Path of the WebSocket endpoint. */
export const WEBSOCKET_PATH = '/ws';

/**
 * Largest WebSocket message the router accepts: 16 MiB. `ws` closes the
 * connection with code 1009 (message too big) above it.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Accepts WebSocket upgrades on `/ws` that offer `wamp.2.json` and starts a
 * WAMP session on each. Other upgrades get a plain HTTP error response.
 */
export class WebSocketTransport {
  private readonly server: WebSocketServer;
  private readonly realm: Realm;
  readonly sessions = new Set<WampSession>();

  constructor(realm: Realm) {
    this.realm = realm;
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WAMP_SUBPROTOCOL) ? WAMP_SUBPROTOCOL : false),
    });
  }

  /** Handles the HTTP server's `upgrade` event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());

    const path = (request.url ?? '/').split('?')[0];
    if (path !== WEBSOCKET_PATH) {
      rejectUpgrade(socket, 404, 'Not Found', `No WebSocket endpoint at ${path}: connect to ${WEBSOCKET_PATH}.`);

      return;
    }

    const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
    if (!offered.includes(WAMP_SUBPROTOCOL)) {
      this.realm.logger.debug('WebSocket upgrade rejected: no supported subprotocol', { offered });
      rejectUpgrade(socket, 400, 'Bad Request', `Offer the WebSocket subprotocol ${WAMP_SUBPROTOCOL}; the dev router speaks no other.`);

      return;
    }

    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      const session = new WampSession(webSocket, this.realm);
      this.sessions.add(session);
      webSocket.on('close', () => this.sessions.delete(session));
    });
  }

  /**
   * Sends GOODBYE to every joined session, closes every WebSocket and
   * resolves when all are closed. Sockets whose peer does not complete the
   * close handshake within `graceMs` are terminated.
   */
  async close(graceMs: number): Promise<void> {
    const closing = [...this.server.clients].map(
      (webSocket) =>
        new Promise<void>((resolve) => {
          if (webSocket.readyState === webSocket.CLOSED) return resolve();

          webSocket.once('close', () => resolve());
          const timer = setTimeout(() => webSocket.terminate(), graceMs);
          webSocket.once('close', () => clearTimeout(timer));
        }),
    );

    for (const session of this.sessions) session.shutdown();
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function rejectUpgrade(socket: Duplex, status: number, statusText: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
