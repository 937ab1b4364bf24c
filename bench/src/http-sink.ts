/**
 * The `node:http` variant of the loopback sink (`--sink http`). It responds to each request
 * with 200 and a constant-length `{"id":N}` at once, without reading or checking the request.
 */
import { createServer } from 'node:http';
import { onStopRequest, sendToParent } from './processes.js';

// 10^15 + n keeps every ID at 16 digits, so every response has the same length.
const ID_BASE = 1_000_000_000_000_000;
const HEADERS = ['content-type', 'application/json', 'content-length', String(`{"id":${ID_BASE}}`.length)];

let served = 0;

const server = createServer((request, response) => {
  served += 1;
  // Node.js discards the unread request body once the response is finished.
  response.sendDate = false;
  response.writeHead(200, HEADERS);
  response.end(`{"id":${ID_BASE + served}}`);
  void request;
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The sink is not listening on a TCP port.');
  }
  void sendToParent({ url: `http://127.0.0.1:${address.port}/publish` });
});

process.on('message', (message: { type?: string }) => {
  if (message.type === 'usage') {
    const cpu = process.cpuUsage();
    void sendToParent({ served, cpuMicros: cpu.user + cpu.system });
  }
});

onStopRequest(() => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
