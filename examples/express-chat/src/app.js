import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAutobahnPushError } from '@autobahnpush/core';
import { autobahnPush } from '@autobahnpush/express';
import express from 'express';

/** The WAMP topic every chat message is published to. */
export const CHAT_TOPIC = 'com.example.chat.message';

/** Maximum length of a message text, in characters. */
export const MAX_TEXT_LENGTH = 500;

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
// The browser build of autobahn-js, served from the installed npm package, not a CDN.
const autobahnBrowserFile = createRequire(import.meta.url).resolve('autobahn-browser/autobahn.min.js');

/**
 * @typedef {object} ChatAppOptions
 * @property {import('@autobahnpush/core').Client | import('@autobahnpush/express').AutobahnPushClientOptions} push
 *   Where pushes go: a core Client, or client options with the router's HTTP publisher URL.
 * @property {{ url: string, realm: string }} wamp
 *   The WebSocket URL and realm that browsers connect to.
 * @property {import('@autobahnpush/express').Logger} [logger]
 *   Logger for the push middleware; debug lines show ignored session headers.
 */

/**
 * Creates the chat app: the page, its script, autobahn-js, and `POST /messages`, which
 * pushes the message to every open page except the one that sent it.
 *
 * @param {ChatAppOptions} options
 * @returns {{ app: import('express').Express, close: () => Promise<void> }}
 *   the app, and a function that waits for pushes in flight and closes the push client.
 */
export function createChatApp({ push, wamp, logger }) {
  const pushMiddleware = autobahnPush(push, logger === undefined ? {} : { logger });
  const app = express();
  app.disable('x-powered-by');

  app.get('/config.json', (_req, res) => {
    res.json({ wampUrl: wamp.url, realm: wamp.realm, topic: CHAT_TOPIC });
  });
  app.get('/vendor/autobahn.min.js', (_req, res) => {
    // pnpm installs packages under node_modules/.pnpm, a dot folder that send() skips by default.
    res.sendFile(autobahnBrowserFile, { dotfiles: 'allow' });
  });
  app.use(express.static(publicDir));

  app.post('/messages', express.json({ limit: '4kb' }), pushMiddleware, async (req, res) => {
    const message = readMessage(req.body);
    if (typeof message === 'string') {
      res.status(400).json({ error: message });

      return;
    }

    // The page sends its WAMP session ID in x-wamp-session-id, so it is left out here.
    const receipt = await req.push(CHAT_TOPIC, message, { mode: 'immediate' });
    res.status(201).json({ publication: receipt.id ?? null });
  });

  app.use(
    /** @type {import('express').ErrorRequestHandler} */
    (error, _req, res, next) => {
      if (!isAutobahnPushError(error)) {
        next(error);

        return;
      }
      res.status(502).json({ error: `The message could not be pushed (${error.code}).` });
    },
  );

  return { app, close: () => pushMiddleware.close() };
}

/**
 * Validates a posted message.
 *
 * @param {unknown} body
 * @returns {{ name: string, text: string, sentAt: string } | string} the message, or why it is invalid.
 */
function readMessage(body) {
  const { name, text } = /** @type {{ name?: unknown, text?: unknown }} */ (body ?? {});
  if (typeof text !== 'string' || text.trim().length === 0) {
    return 'Missing text: send {"text": "..."} as JSON.';
  }
  if (text.length > MAX_TEXT_LENGTH) {
    return `Invalid text: at most ${MAX_TEXT_LENGTH} characters are allowed.`;
  }
  const shownName = typeof name === 'string' && name.trim().length > 0 ? name.trim().slice(0, 40) : 'anonymous';

  return { name: shownName, text: text.trim(), sentAt: new Date().toISOString() };
}
