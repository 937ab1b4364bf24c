import type { Request, Response } from 'express-serve-static-core';
import { safeLog } from './logger.js';
import type { NormalizedOptions } from './options.js';

/** One publication waiting for the response to finish. */
export interface QueuedPublication {
  /** Topic of the publication, for log messages. */
  topic: string;
  /** Sends the publication; rejects with the core error when sending fails. */
  send: () => Promise<unknown>;
}

type QueueState = 'waiting' | 'sending' | 'discarded';

const CLOSED_EARLY = 'the connection closed before the response finished';

/**
 * Queue of the `after-response` publications of one request.
 *
 * Once the response has finished with a status below 400, the queue sends them in call
 * order. It discards them when the status is 400 or above, or when the connection closed
 * before the response finished. A publication queued after that decision follows it.
 */
export class AfterResponseQueue {
  readonly #req: Request;
  readonly #res: Response;
  readonly #options: NormalizedOptions;
  readonly #track: (flush: Promise<void>) => void;
  #state: QueueState = 'waiting';
  #items: QueuedPublication[] = [];
  #listening = false;
  #discardReason = '';
  #sending: Promise<void> = Promise.resolve();

  /**
   * @param track - receives each flush promise, so the middleware's `close()` can wait for
   *   publications that are still being sent.
   */
  constructor(
    req: Request,
    res: Response,
    options: NormalizedOptions,
    track: (flush: Promise<void>) => void,
  ) {
    this.#req = req;
    this.#res = res;
    this.#options = options;
    this.#track = track;
  }

  /** Queues `publication`, or sends or discards it at once when the response is over. */
  add(publication: QueuedPublication): void {
    this.#items.push(publication);
    if (this.#state === 'sending') {
      this.#flush();

      return;
    }
    if (this.#state === 'discarded') {
      this.#discard(this.#discardReason);

      return;
    }

    this.#listen();
    if (this.#res.writableFinished) {
      this.#settle();
    } else if (this.#res.destroyed) {
      this.#discard(CLOSED_EARLY);
    }
  }

  #listen(): void {
    if (this.#listening) {
      return;
    }
    this.#listening = true;
    this.#res.once('finish', () => this.#settle());
    // 'close' also follows a normal 'finish'; only a close without one means the client
    // went away before the whole response was written.
    this.#res.once('close', () => {
      if (this.#state === 'waiting' && !this.#res.writableFinished) {
        this.#discard(CLOSED_EARLY);
      }
    });
  }

  #settle(): void {
    if (this.#state !== 'waiting') {
      return;
    }
    const status = this.#res.statusCode;
    if (status < 400) {
      this.#state = 'sending';
      this.#flush();

      return;
    }
    this.#discard(`the response status is ${status}`);
  }

  #discard(reason: string): void {
    this.#state = 'discarded';
    this.#discardReason = reason;
    const count = this.#items.length;
    this.#items = [];
    if (count === 0) {
      return;
    }
    const noun = count === 1 ? 'push' : 'pushes';
    safeLog(() =>
      this.#options.logger.debug(
        `autobahnpush: discarded ${count} queued ${noun} for ${describeRequest(this.#req)} because ${reason}.`,
      ),
    );
  }

  #flush(): void {
    const items = this.#items;
    this.#items = [];
    if (items.length === 0) {
      return;
    }
    // Chained onto the previous flush, so late publications still go out in call order.
    this.#sending = this.#sending.then(() => this.#sendInOrder(items));
    this.#track(this.#sending);
  }

  // Sequential, so subscribers see the events in the order the handler queued them.
  async #sendInOrder(items: QueuedPublication[]): Promise<void> {
    for (const item of items) {
      try {
        await item.send();
      } catch (error) {
        await this.#report(error, item.topic);
      }
    }
  }

  async #report(error: unknown, topic: string): Promise<void> {
    const { onError, logger } = this.#options;
    try {
      if (onError !== undefined) {
        await onError(error, this.#req);

        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        `autobahnpush: queued push to topic ${JSON.stringify(topic)} failed after ` +
          `${describeRequest(this.#req)} finished: ${reason}`,
        error,
      );
    } catch (handlerError) {
      const reason = handlerError instanceof Error ? handlerError.message : String(handlerError);
      safeLog(() =>
        logger.error(
          `autobahnpush: onError threw while handling a failed push to topic ${JSON.stringify(topic)}: ${reason}`,
          handlerError,
        ),
      );
    }
  }
}

/**
 * Describes a request for logs as method and path. The query string is left out because
 * it may carry tokens.
 */
export function describeRequest(req: Request): string {
  // originalUrl, unlike url and baseUrl, keeps its value inside mounted routers and after
  // the response has finished.
  const url = req.originalUrl ?? req.url ?? '/';
  const path = url.split('?')[0] || '/';

  return `${req.method} ${JSON.stringify(path).slice(1, -1)}`;
}
