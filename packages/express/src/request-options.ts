import { InvalidArgumentError } from '@autobahnpush/core';
import {
  type NormalizedOptions,
  describeOption,
  normalizeExcludeSender,
  normalizeMode,
} from './options.js';
import type { PushMode } from './types.js';

/** The options of one `req.push` or `req.publish`, split into policy and core options. */
export interface SplitOptions {
  mode: PushMode;
  excludeSender: boolean;
  /** Options for the core call, as a new object without `mode` and `excludeSender`. */
  core: Record<string, unknown>;
}

const PUSH_OPTIONS = ['exclude', 'eligible', 'signal', 'excludeSender', 'mode'];
const PUBLISH_OPTIONS = ['signal', 'excludeSender', 'mode'];

/**
 * Validates the options of one call and takes out `mode` and `excludeSender`, which core
 * does not know and would reject. The names are checked here in both modes, so a typo
 * fails at the call even when the publication is only queued.
 *
 * @throws {InvalidArgumentError} naming the option.
 */
export function splitOptions(
  options: unknown,
  defaults: NormalizedOptions,
  call: 'push' | 'publish',
): SplitOptions {
  if (options === undefined) {
    return { mode: defaults.mode, excludeSender: defaults.excludeSender, core: {} };
  }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(
      `Invalid req.${call} options ${describeOption(options)}: pass an object such as { mode: 'after-response' }.`,
    );
  }
  const allowed = call === 'push' ? PUSH_OPTIONS : PUBLISH_OPTIONS;
  const { mode, excludeSender, ...core } = options as Record<string, unknown>;
  for (const name of Object.keys(core)) {
    if (!allowed.includes(name)) {
      throw new InvalidArgumentError(
        `Unknown req.${call} option "${name}": supported options are ${allowed.join(', ')}.` +
          (call === 'publish' ? ' Put WAMP publish options inside message.options.' : ''),
      );
    }
  }
  if (core.signal !== undefined && !(core.signal instanceof AbortSignal)) {
    throw new InvalidArgumentError(
      `Invalid signal ${describeOption(core.signal)}: pass an AbortSignal, for example AbortSignal.timeout(5000).`,
    );
  }

  return {
    mode: normalizeMode(mode, 'mode') ?? defaults.mode,
    excludeSender: normalizeExcludeSender(excludeSender, 'excludeSender', defaults.excludeSender),
    core,
  };
}
