import { createServer } from 'node:http';
import { startDevRouter } from '@autobahnpush/dev-router';
import { createChatApp } from './app.js';

/**
 * @typedef {object} RunningChat
 * @property {string} url Address of the chat page.
 * @property {import('@autobahnpush/dev-router').DevRouter | undefined} router
 *   The embedded dev router, when no external router was configured.
 * @property {() => Promise<void>} close Stops the app, then the embedded router.
 */

/**
 * Starts the chat app. Without `AUTOBAHNPUSH_URL` it also starts the dev router on
 * loopback and points both the push client and the browsers at it.
 *
 * @param {object} [options]
 * @param {string} [options.host] Address to listen on. Default `HOST` or 127.0.0.1.
 * @param {number} [options.port] Port to listen on, 0 for a free one. Default `PORT` or 3000.
 * @param {NodeJS.ProcessEnv} [options.env] Environment to read the router settings from.
 * @returns {Promise<RunningChat>}
 */
export async function startChat({ host, port, env = process.env } = {}) {
  const router = env.AUTOBAHNPUSH_URL ? undefined : await startDevRouter();
  const push = router
    ? { url: router.publishUrl }
    : {
        url: /** @type {string} */ (env.AUTOBAHNPUSH_URL),
        ...(env.AUTOBAHNPUSH_KEY ? { key: env.AUTOBAHNPUSH_KEY } : {}),
        ...(env.AUTOBAHNPUSH_SECRET ? { secret: env.AUTOBAHNPUSH_SECRET } : {}),
      };
  const wampUrl = env.WAMP_URL ?? router?.wsUrl;
  if (wampUrl === undefined) {
    throw new Error(
      'Missing WAMP_URL: with AUTOBAHNPUSH_URL set, also set WAMP_URL to the WebSocket URL ' +
        'that browsers connect to, for example ws://127.0.0.1:8080/ws.',
    );
  }

  const chat = createChatApp({
    push,
    wamp: { url: wampUrl, realm: env.WAMP_REALM ?? router?.realm ?? 'realm1' },
  });
  const server = createServer(chat.app);
  const listenHost = host ?? env.HOST ?? '127.0.0.1';
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port ?? Number(env.PORT ?? 3000), listenHost, () => {
        server.off('error', reject);
        resolve(undefined);
      });
    });
  } catch (error) {
    await chat.close();
    await router?.close();
    throw error;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${address.port}`,
    router,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await chat.close();
      await router?.close();
    },
  };
}
