/**
 * The default loopback sink that every push scenario sends to, on a raw `node:net` server,
 * so that the client side is what the benchmark measures. It finds each request's end
 * from the blank line after the headers and the `content-length` header, and writes a
 * constant-length HTTP/1.1 200 response with `{"id":N}`, without parsing anything else.
 */
import { createServer, type Socket } from 'node:net';
import { onStopRequest, sendToParent } from './processes.js';

// 10^15 + n keeps every ID at 16 digits, so every response has the same length.
const ID_BASE = 1_000_000_000_000_000;
const HEAD =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n' +
  `content-length: ${`{"id":${ID_BASE}}`.length}\r\nconnection: keep-alive\r\n\r\n`;
const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[^\r]*chunked/i;

let served = 0;
const sockets = new Set<Socket>();

/** Responds to every complete request in `buffer` and returns the bytes after the last one. */
function serve(socket: Socket, buffer: Buffer): Buffer {
  let offset = 0;
  let responses = '';
  for (;;) {
    const headerEnd = buffer.indexOf(HEADER_END, offset);
    if (headerEnd === -1) {
      break;
    }
    const head = buffer.toString('latin1', offset, headerEnd);
    if (CHUNKED.test(head)) {
      socket.destroy(new Error('Chunked request body rejected: the net sink reads only bodies with content-length. Use --sink http.'));
      return Buffer.alloc(0);
    }
    const bodyLength = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
    const requestEnd = headerEnd + HEADER_END.length + bodyLength;
    if (requestEnd > buffer.length) {
      break;
    }
    served += 1;
    responses += `${HEAD}{"id":${ID_BASE + served}}`;
    offset = requestEnd;
  }
  if (responses !== '') {
    socket.write(responses);
  }

  return buffer.subarray(offset);
}

const server = createServer((socket) => {
  sockets.add(socket);
  socket.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = serve(socket, pending.length === 0 ? chunk : Buffer.concat([pending, chunk]));
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => sockets.delete(socket));
});

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
  for (const socket of sockets) {
    socket.destroy();
  }
  server.close(() => process.exit(0));
});
