import {
  AbortedError,
  type AutobahnPushError,
  ClosedError,
  NetworkError,
  TimeoutError,
} from './errors.js';
import { redact } from './response.js';
import type { TransportFailure } from './transport-types.js';

/** Turns a transport failure into the typed error a push rejects with. */
export function failureToError(
  failure: TransportFailure,
  context: {
    topic?: string | undefined;
    procedure?: string | undefined;
    url: string;
    timeout: number;
    deadline?: number | undefined;
    /** `OPTIONS` for a ping, which changes nothing on the router. */
    method?: 'POST' | 'OPTIONS';
  },
): AutobahnPushError {
  const method = context.method ?? 'POST';
  const where = `${method} ${context.url}`;
  const consequence =
    method === 'OPTIONS'
      ? 'the endpoint did not answer'
      : context.procedure === undefined
        ? 'the event may have been published'
        : 'the procedure may have run';
  const cause = failure.cause;
  const base = { topic: context.topic, procedure: context.procedure, url: context.url, cause };
  switch (failure.kind) {
    case 'aborted':
      return new AbortedError(`${where} was aborted by the caller's AbortSignal.`, base);
    case 'closed':
      return new ClosedError(`${where} failed: the client was closed before the push settled.`, base);
    case 'timeout':
      return context.deadline === undefined
        ? new TimeoutError(
            `${where} timed out after ${context.timeout} ms; ${consequence}. ` +
              'Raise the timeout option or check that the router is reachable.',
            { ...base, timeout: context.timeout },
          )
        : new TimeoutError(
            `${where} did not succeed within the deadline of ${context.deadline} ms; ` +
              `${consequence}. Raise the deadline option or check the router.`,
            { ...base, timeout: context.deadline },
          );
    default:
      return new NetworkError(
        `${where} failed: ${failure.message}. Check that the router is running and the URL is right.`,
        { ...base, causeCode: failure.causeCode },
      );
  }
}

/** Replaces the key and secret in an error's message by `[redacted]`. */
export function redactError(error: AutobahnPushError, secrets: readonly string[]): void {
  if (secrets.length > 0) {
    error.message = redact(error.message, secrets);
  }
}
