import type { AddressInfo } from 'node:net';
import { type Server, createServer } from 'node:http';
import type { Express } from 'express';

/** An Express app listening on a free loopback port. */
export interface AppServer {
  url: string;
  close: () => Promise<void>;
}

/** Starts `app` on 127.0.0.1 with a free port. */
export async function listen(app: Express): Promise<AppServer> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
