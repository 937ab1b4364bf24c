import type { QueuedReceipt } from './types.js';

/**
 * Tells whether a result of `req.push` or `req.publish` means "queued until the response
 * has finished" rather than "sent".
 *
 * @example
 * ```ts
 * const result = await req.push('com.chat.message', message);
 * if (!isQueuedReceipt(result)) log.debug(`published as ${result.id}`);
 * ```
 */
export function isQueuedReceipt(value: unknown): value is QueuedReceipt {
  return (
    typeof value === 'object' && value !== null && (value as { queued?: unknown }).queued === true
  );
}
