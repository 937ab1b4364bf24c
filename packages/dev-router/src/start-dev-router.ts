import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { DevRouter } from './dev-router.js';
import { DevRouterError } from './errors.js';
import type { EndpointContext } from './http/endpoint-context.js';
import { ReplayGuard } from './http/replay-guard.js';
import { createRequestListener } from './http/request-listener.js';
import { type DevRouterOptions, type NormalizedOptions, normalizeOptions } from './options.js';
import { Broker } from './wamp/broker.js';
import { Dealer } from './wamp/dealer.js';
import type { PublicationEvent } from './wamp/publication.js';
import { Realm, type SessionInfo } from './wamp/realm.js';
import { WEBSOCKET_PATH, WebSocketTransport } from './wamp/websocket-transport.js';

/** Time in milliseconds that `close()` gives a WebSocket peer to complete the close handshake before dropping the connection. */
const CLOSE_GRACE_MS = 2000;

/**
 * Starts a local WAMP v2 router with Crossbar.io's HTTP publisher at
 * `/publish` and HTTP caller at `/call`, the Autobahn.ws appliance push
 * endpoint at `/push`, and WAMP over WebSocket at `/ws` with a broker and a
 * dealer. Meant for demos and integration tests: it trusts
 * the authid and authrole that clients claim in HELLO.
 *
 * @throws InvalidOptionError (code `ERR_INVALID_ARGUMENT`) for an invalid option.
 * @throws DevRouterError (code `ERR_DEV_ROUTER_LISTEN`) when the server cannot listen, e.g. the port is in use.
 *
 * @example
 * ```ts
 * import autobahn from 'autobahn';
 * import { startDevRouter } from '@autobahnpush/dev-router';
 *
 * const router = await startDevRouter();
 * const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm });
 * // ...subscribe, then POST to router.publishUrl...
 * await router.close();
 * ```
 */
export async function startDevRouter(options?: DevRouterOptions): Promise<DevRouter> {
  const normalized = normalizeOptions(options);
  const router = new RunningDevRouter(normalized);
  await router.listen();
  normalized.logger.info('Dev router started', { url: router.url, realm: router.realm });

  return router;
}

class RunningDevRouter extends EventEmitter implements DevRouter {
  readonly realm: string;
  readonly host: string;
  private readonly options: NormalizedOptions;
  private readonly realmState: Realm;
  private readonly transport: WebSocketTransport;
  private readonly server: Server;
  private listeningPort = 0;
  private closing: Promise<void> | undefined;

  constructor(options: NormalizedOptions) {
    super();
    this.options = options;
    this.realm = options.realm;
    this.host = options.host;
    this.realmState = new Realm(options.realm, options.logger);

    const broker = new Broker(options.logger, (event) => this.emitPublication(event));
    this.realmState.addRole(broker);
    const dealer = new Dealer(options.logger);
    this.realmState.addRole(dealer);
    this.transport = new WebSocketTransport(this.realmState);

    const context: EndpointContext = { options, broker, dealer, realm: this.realmState, replayGuard: new ReplayGuard(options.timestampDeltaLimit) };
    this.server = createServer(createRequestListener(context));
    this.server.on('upgrade', (request, socket, head) => this.transport.handleUpgrade(request, socket, head));
    // The response in progress on each connection, so that a parse error in
    // bytes that follow a request does not cut that request's response off.
    const responses = new WeakMap<Duplex, ServerResponse>();
    this.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      responses.set(request.socket, response);
      response.once('close', () => responses.delete(request.socket));
    });
    this.server.on('clientError', (error, socket) => {
      options.logger.debug('Malformed HTTP request', { error: error.message });

      const pending = responses.get(socket);
      if (pending !== undefined) {
        pending.once('close', () => socket.destroy());

        return;
      }

      // Malformed HTTP, including a repeated Content-Length header: respond with 400
      // (Node would pick 400, 408 or 431 itself) and drop the connection.
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(new DevRouterError('ERR_DEV_ROUTER_LISTEN', `The dev router could not listen on ${formatHost(this.host)}:${this.options.port}: ${error.message}. Pick another port or use port 0 for a free one.`, { cause: error }));
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.host, () => {
        this.server.off('error', onError);
        this.listeningPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `http://${formatHost(this.host)}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${formatHost(this.host)}:${this.port}${WEBSOCKET_PATH}`;
  }

  get publishUrl(): string {
    return `${this.url}/publish`;
  }

  get callUrl(): string {
    return `${this.url}/call`;
  }

  get pushUrl(): string {
    return `${this.url}/push`;
  }

  get sessions(): readonly SessionInfo[] {
    return this.realmState.sessionInfos();
  }

  /** Emits `publication`; a listener that throws is logged and does not fail the publication. */
  private emitPublication(event: PublicationEvent): void {
    try {
      this.emit('publication', event);
    } catch (error) {
      this.options.logger.error('A publication listener threw an error', { topic: event.topic, publicationId: event.publicationId, error });
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();

    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.transport.close(CLOSE_GRACE_MS);
    this.server.closeAllConnections();
    await serverClosed;
    this.options.logger.info('Dev router stopped', { url: this.url });
  }
}

/** Brackets IPv6 addresses for use in URLs. */
function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
