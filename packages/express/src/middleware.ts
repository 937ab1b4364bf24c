import type { Client, ProcedureMap, ProcedureSignature, TopicMap } from '@autobahnpush/core';
import type { NextFunction, Request, Response } from 'express-serve-static-core';
import { AfterResponseQueue, describeRequest } from './after-response-queue.js';
import { type AutobahnPushClientOptions, resolveClient } from './client-source.js';
import { type AutobahnPushOptions, type NormalizedOptions, normalizeOptions } from './options.js';
import { safeLog } from './logger.js';
import { installRequestMembers } from './request-members.js';
import { type SenderSessionId, describeUntrusted, parseSessionId } from './sender-session.js';

/**
 * The Express middleware returned by {@link autobahnPush}, with the client it pushes
 * through and a `close` method for shutdown.
 */
export interface AutobahnPushMiddleware<
  Topics extends TopicMap = Record<string, unknown>,
  Procedures extends ProcedureMap = Record<string, ProcedureSignature>,
> {
  (req: Request, res: Response, next: NextFunction): void;
  /** The core client that `req.push`, `req.publish` and `req.call` use. */
  readonly client: Client<Topics, Procedures>;
  /**
   * Waits for queued pushes that are being sent, then closes the client if the middleware
   * created it from options. A client passed in stays open: its owner closes it.
   */
  close(): Promise<void>;
}

/**
 * Creates Express middleware that adds `req.push(topic, event, options?)`,
 * `req.publish(topic, message, options?)` and `req.call(procedure, input?, options?)` to
 * every request it handles.
 *
 * `req.push` and `req.publish` behave like the core client's `push` and `publish`, with two
 * additions. The caller's WAMP session ID, read from the `x-wamp-session-id` header by
 * default, is added to `exclude`, so the browser that sent the request does not get its
 * own echo. In `after-response` mode the publication waits until the response has
 * finished with a status below 400. `req.call` is the core client's `call`, sent at once
 * in every mode.
 *
 * @param clientOrOptions - a core `Client`, or core client options with a `url`; the
 *   middleware then owns the client and `close()` closes it.
 * @param options - see {@link AutobahnPushOptions}.
 * @throws {InvalidArgumentError} (`ERR_INVALID_ARGUMENT`) naming the invalid option.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { autobahnPush } from '@autobahnpush/express';
 *
 * const app = express();
 * app.use(express.json());
 * app.use(autobahnPush({ url: 'http://127.0.0.1:8080/publish' }));
 * app.post('/messages', async (req, res) => {
 *   const { id } = await req.push('com.chat.message', { text: req.body.text });
 *   res.status(201).json({ publication: id });
 * });
 * ```
 */
export function autobahnPush<
  Topics extends TopicMap = Record<string, unknown>,
  Procedures extends ProcedureMap = Record<string, ProcedureSignature>,
>(
  clientOrOptions: Client<Topics, Procedures> | AutobahnPushClientOptions,
  options?: AutobahnPushOptions,
): AutobahnPushMiddleware<Topics, Procedures> {
  const normalized = normalizeOptions(options);
  const { client, owned } = resolveClient(clientOrOptions);
  const flushes = new Set<Promise<void>>();
  const track = (flush: Promise<void>): void => {
    flushes.add(flush);
    void flush.finally(() => flushes.delete(flush));
  };

  function install(req: Request, res: Response, value: unknown): void {
    let queue: AfterResponseQueue | undefined;
    installRequestMembers(req, {
      client,
      options: normalized,
      sender: readSender(req, value, normalized, client.protocol),
      queue: () => {
        queue ??= new AfterResponseQueue(req, res, normalized, track);

        return queue;
      },
    });
  }

  function autobahnPushMiddleware(req: Request, res: Response, next: NextFunction): void {
    const source = normalized.sessionId;
    if (typeof source === 'string') {
      install(req, res, req.headers[source]);
      next();

      return;
    }

    let value: unknown;
    try {
      value = source(req);
    } catch (error) {
      next(error);

      return;
    }
    if (!isThenable(value)) {
      install(req, res, value);
      next();

      return;
    }
    // Express 4 ignores a rejected promise, so the rejection is passed to next() here.
    Promise.resolve(value).then(
      (resolved) => {
        install(req, res, resolved);
        next();
      },
      (error: unknown) => next(error),
    );
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      while (flushes.size > 0) {
        await Promise.all(flushes);
      }
      if (owned) {
        await client.close();
      }
    })();

    return closing;
  };

  return Object.assign(autobahnPushMiddleware, {
    client: client as Client<Topics, Procedures>,
    close,
  });
}

function readSender(
  req: Request,
  value: unknown,
  options: NormalizedOptions,
  protocol: Client['protocol'],
): SenderSessionId | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  const id = parseSessionId(value, protocol);
  if (id === undefined) {
    const source =
      typeof options.sessionId === 'string'
        ? `${options.sessionId} header`
        : 'value returned by the sessionId function';
    safeLog(() =>
      options.logger.debug(
        `autobahnpush: ignored the ${source} ${describeUntrusted(value)} on ` +
          `${describeRequest(req)}: it is not a WAMP session ID, so the sender is not excluded.`,
      ),
    );
  }

  return id;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
