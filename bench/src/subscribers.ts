/**
 * Child process that keeps many WAMP subscribers on raw `ws` sockets speaking WAMP v2 JSON
 * (HELLO, SUBSCRIBE, then EVENT frames) and counts the EVENT frames they receive, without
 * parsing them.
 */
import WebSocket from 'ws';
import { onStopRequest, readSpec, sendToParent } from './processes.js';

/** Settings of the subscriber host. */
export interface SubscribersSpec {
  wsUrl: string;
  topic: string;
  subscribers: number;
  /** Milliseconds to wait for expected deliveries before reporting a shortfall. */
  timeoutMs: number;
}

/**
 * Asks for a {@link DeliveryReport} once `total` EVENT frames have arrived since the start.
 * A total, not a count from now, so events that overtake this message still count.
 */
export interface ExpectRequest {
  type: 'expect';
  total: number;
}

/** Reply to an {@link ExpectRequest}. */
export interface DeliveryReport {
  /** EVENT frames received by all subscribers since they subscribed. */
  received: number;
  timedOut: boolean;
}

const WAMP = { WELCOME: 2, ABORT: 3, SUBSCRIBE: 32, SUBSCRIBED: 33 } as const;
// Every EVENT frame of the wamp.2.json serialization starts with these bytes.
const EVENT_PREFIX = Buffer.from('[36,');
// Sockets opened at the same time while connecting, to keep the handshakes from piling up.
const CONNECT_BATCH = 50;

const spec = readSpec<SubscribersSpec>();
const sockets: WebSocket[] = [];
let received = 0;
let expectation: { total: number; timer: NodeJS.Timeout } | undefined;

function onFrame(data: Buffer): void {
  if (data.length > 4 && data.compare(EVENT_PREFIX, 0, 4, 0, 4) === 0) {
    received += 1;
    if (expectation !== undefined && received >= expectation.total) {
      settleExpectation(false);
    }
  }
}

function settleExpectation(timedOut: boolean): void {
  if (expectation === undefined) {
    return;
  }
  clearTimeout(expectation.timer);
  const report: DeliveryReport = { received, timedOut };
  expectation = undefined;
  void sendToParent(report);
}

/** Opens one socket, joins the realm and subscribes to the topic. */
function subscribe(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(spec.wsUrl, 'wamp.2.json', { perMessageDeflate: false });
    socket.once('error', reject);
    socket.once('open', () => {
      socket.send(JSON.stringify([1, 'realm1', { roles: { subscriber: {} } }]));
    });
    const onHandshake = (data: Buffer): void => {
      const message = JSON.parse(data.toString('utf8')) as unknown[];
      if (message[0] === WAMP.WELCOME) {
        socket.send(JSON.stringify([WAMP.SUBSCRIBE, 1, {}, spec.topic]));
      } else if (message[0] === WAMP.SUBSCRIBED) {
        socket.off('message', onHandshake);
        socket.on('message', onFrame);
        resolve(socket);
      } else {
        reject(new Error(`Unexpected WAMP message while subscribing: ${data.toString('utf8')}`));
      }
    };
    socket.on('message', onHandshake);
  });
}

for (let opened = 0; opened < spec.subscribers; opened += CONNECT_BATCH) {
  const batch = Math.min(CONNECT_BATCH, spec.subscribers - opened);
  sockets.push(...(await Promise.all(Array.from({ length: batch }, subscribe))));
}
await sendToParent({ subscribers: sockets.length });

process.on('message', (message: ExpectRequest | { type: 'stop' }) => {
  if (message.type !== 'expect') {
    return;
  }
  expectation = {
    total: message.total,
    timer: setTimeout(() => settleExpectation(true), spec.timeoutMs),
  };
  if (received >= message.total) {
    settleExpectation(false);
  }
});

onStopRequest(() => {
  for (const socket of sockets) {
    socket.terminate();
  }
  process.exit(0);
});
