import { platform } from './platform/current.js';

/**
 * Anything with `debug`, `info`, `warn` and `error` methods: pino, winston, bunyan and
 * `console` all fit. The client logs retries at `warn`, final failures at `error` and
 * successes at `debug` only.
 */
export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

/** Names of the `node:diagnostics_channel` channels the client publishes on. */
export const CHANNELS = {
  /** An attempt is about to be sent. Message: {@link AttemptMessage}. */
  start: 'autobahnpush:push:start',
  /** An attempt failed and another follows. Message: {@link RetryMessage}. */
  retry: 'autobahnpush:push:retry',
  /** The push succeeded. Message: {@link OutcomeMessage}. */
  success: 'autobahnpush:push:success',
  /** The push failed for good. Message: {@link OutcomeMessage}. */
  failure: 'autobahnpush:push:failure',
} as const;

/** Published on {@link CHANNELS}.start; never carries the payload or any secret. */
export interface AttemptMessage {
  /** Topic of a push; absent for a call. */
  topic?: string;
  /** Procedure of a call; absent for a push. */
  procedure?: string;
  url: string;
  protocol: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Published on {@link CHANNELS}.retry. */
export interface RetryMessage extends AttemptMessage {
  /** Error code of the failed attempt, for example `ERR_NETWORK`. */
  code: string;
  /** HTTP status of the failed attempt, when there was a response. */
  status: number | undefined;
  /** Milliseconds the client waits before the next attempt. */
  delayMs: number;
}

/** Published on {@link CHANNELS}.success and {@link CHANNELS}.failure. */
export interface OutcomeMessage extends AttemptMessage {
  /** HTTP status of the last response, when there was one. */
  status: number | undefined;
  /** Milliseconds from the first attempt to the outcome. */
  durationMs: number;
  /** Error code, on failure. */
  code?: string;
  /** WAMP publication ID, on success with Crossbar. */
  id?: number | undefined;
}

export const startChannel = platform.channel(CHANNELS.start);
export const retryChannel = platform.channel(CHANNELS.retry);
export const successChannel = platform.channel(CHANNELS.success);
export const failureChannel = platform.channel(CHANNELS.failure);

const ignore = () => {};

/** A logger that drops everything: the default, because libraries do not print. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
