import type { PublishOptions } from './publish-options.js';
import type { SessionInfo } from './realm.js';

/**
 * Decides whether `receiver` gets a publication made with `options`.
 *
 * The `eligible*` lists narrow the receivers (a receiver must be in every list
 * given) and the `exclude*` lists then remove receivers. The publisher itself
 * is removed unless `exclude_me` is `false`. HTTP publications have no
 * publisher session, so `publisherId` is `undefined` for them.
 */
export function isReceiver(receiver: SessionInfo, options: PublishOptions, publisherId: number | undefined): boolean {
  if (publisherId !== undefined && receiver.id === publisherId && options.excludeMe !== false) return false;

  if (options.eligible !== undefined && !options.eligible.includes(receiver.id)) return false;
  if (options.eligibleAuthid !== undefined && !options.eligibleAuthid.includes(receiver.authid)) return false;
  if (options.eligibleAuthrole !== undefined && !options.eligibleAuthrole.includes(receiver.authrole)) return false;

  if (options.exclude?.includes(receiver.id)) return false;
  if (options.excludeAuthid?.includes(receiver.authid)) return false;
  if (options.excludeAuthrole?.includes(receiver.authrole)) return false;

  return true;
}
