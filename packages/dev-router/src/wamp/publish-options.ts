import { isWampId } from '../ids.js';
import { isDict } from './message-types.js';

/**
 * Publication options after validation. Field names follow the WAMP
 * `PUBLISH.Options` keys in camelCase.
 */
export interface PublishOptions {
  acknowledge: boolean;
  /** `undefined` means the publisher's default: `true` for WebSocket publishers. */
  excludeMe: boolean | undefined;
  discloseMe: boolean;
  retain: boolean;
  exclude: readonly number[] | undefined;
  eligible: readonly number[] | undefined;
  excludeAuthid: readonly string[] | undefined;
  eligibleAuthid: readonly string[] | undefined;
  excludeAuthrole: readonly string[] | undefined;
  eligibleAuthrole: readonly string[] | undefined;
}

/** Result of `parsePublishOptions()`: the options, or a message naming the invalid one. */
export type ParsedPublishOptions = { ok: true; options: PublishOptions } | { ok: false; message: string };

/**
 * Validates a WAMP `PUBLISH.Options` dictionary (also the `options` member of
 * an HTTP bridge request). Unknown keys are ignored, as WAMP requires.
 * `exclude` and `eligible` also accept a single session ID, as autobahn-python does.
 */
export function parsePublishOptions(raw: unknown): ParsedPublishOptions {
  if (raw === undefined || raw === null) raw = {};
  if (!isDict(raw)) return { ok: false, message: 'options must be an object' };

  const problems: string[] = [];
  const flag = (name: string): boolean | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    problems.push(`options.${name} must be a boolean`);

    return undefined;
  };
  const ids = (name: string): number[] | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (isWampId(value)) return [value];
    if (Array.isArray(value) && value.every(isWampId)) return value;
    problems.push(`options.${name} must be an array of session IDs (integers from 0 to 2^53)`);

    return undefined;
  };
  const strings = (name: string): string[] | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
    problems.push(`options.${name} must be an array of strings`);

    return undefined;
  };

  const options: PublishOptions = {
    acknowledge: flag('acknowledge') ?? false,
    excludeMe: flag('exclude_me'),
    discloseMe: flag('disclose_me') ?? false,
    retain: flag('retain') ?? false,
    exclude: ids('exclude'),
    eligible: ids('eligible'),
    excludeAuthid: strings('exclude_authid'),
    eligibleAuthid: strings('eligible_authid'),
    excludeAuthrole: strings('exclude_authrole'),
    eligibleAuthrole: strings('eligible_authrole'),
  };
  if (problems.length > 0) return { ok: false, message: `Invalid publish options: ${problems.join('; ')}.` };

  return { ok: true, options };
}

/** Options of a publication that sets nothing: every subscriber is eligible. */
export const DEFAULT_PUBLISH_OPTIONS: PublishOptions = {
  acknowledge: false,
  excludeMe: undefined,
  discloseMe: false,
  retain: false,
  exclude: undefined,
  eligible: undefined,
  excludeAuthid: undefined,
  eligibleAuthid: undefined,
  excludeAuthrole: undefined,
  eligibleAuthrole: undefined,
};
