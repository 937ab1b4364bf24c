import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';
import { serializeJson } from './json.js';
import { type PublishOptions, assertPublishOptions, isPlainObject } from './publish-options.js';
import { assertSessionIds } from './session-id.js';
import { assertWampUri } from './uri.js';

/** The full WAMP form of a publication: positional and keyword payload plus options. */
export interface PublishMessage {
  /** Positional payload; subscribers receive it as `args`. */
  args?: readonly unknown[];
  /** Keyword payload; subscribers receive it as `kwargs`. */
  kwargs?: Record<string, unknown>;
  /** WAMP publish options passed to the router unchanged. */
  options?: PublishOptions;
}

/** Sender exclusion and receiver selection for {@link Client.push}. */
export interface Audience {
  /** Session IDs that must not receive the event, for example the sender's own. */
  exclude?: readonly (number | string)[];
  /** Only these session IDs may receive the event. */
  eligible?: readonly (number | string)[];
}

/**
 * Serialises a `push(topic, event)` into the Crossbar body
 * `{"topic", "args": [event], "options"}`, validating topic, event and session IDs.
 * The event is serialised exactly once.
 */
export function serializeCrossbarPush(topic: string, event: unknown, audience?: Audience): string {
  assertWampUri(topic);
  const eventJson = serializeJson(event, 'event', { role: 'topic', name: topic });
  let body = `{"topic":${JSON.stringify(topic)},"args":[${eventJson}]`;
  const exclude = audience?.exclude;
  const eligible = audience?.eligible;
  if (exclude !== undefined || eligible !== undefined) {
    body += `,"options":{${audienceJson(exclude, eligible)}}`;
  }

  return `${body}}`;
}

/**
 * Serialises the full WAMP form into the Crossbar body
 * `{"topic", "args", "kwargs", "options"}`, validating every member.
 */
export function serializeCrossbarPublication(topic: string, message: PublishMessage): string {
  assertWampUri(topic);
  assertPublishMessage(message);
  let body = `{"topic":${JSON.stringify(topic)}`;
  if (message.args !== undefined) {
    body += `,"args":${serializeJson(message.args, 'args', { role: 'topic', name: topic })}`;
  }
  if (message.kwargs !== undefined) {
    body += `,"kwargs":${serializeJson(message.kwargs, 'kwargs', { role: 'topic', name: topic })}`;
  }
  if (message.options !== undefined && Object.keys(message.options).length > 0) {
    body += `,"options":${JSON.stringify(message.options)}`;
  }

  return `${body}}`;
}

/**
 * Validates the shape of a {@link PublishMessage}.
 *
 * @throws {InvalidArgumentError} naming the member that is wrong.
 */
export function assertPublishMessage(
  message: unknown,
  protocol: 'crossbar' | 'appliance' = 'crossbar',
): asserts message is PublishMessage {
  if (!isPlainObject(message)) {
    throw new InvalidArgumentError(
      `Invalid message ${describeValue(message)}: pass an object { args?, kwargs?, options? }.`,
    );
  }
  for (const name of Object.keys(message)) {
    if (name !== 'args' && name !== 'kwargs' && name !== 'options') {
      throw new InvalidArgumentError(
        `Unknown message member "${name}": a publication has args, kwargs and options only.`,
      );
    }
  }
  if (message.args !== undefined && !Array.isArray(message.args)) {
    throw new InvalidArgumentError(
      `Invalid args ${describeValue(message.args)}: pass an array, for example [event].`,
    );
  }
  if (message.kwargs !== undefined && !isPlainObject(message.kwargs)) {
    throw new InvalidArgumentError(
      `Invalid kwargs ${describeValue(message.kwargs)}: pass a plain object, for example { id: 42 }.`,
    );
  }
  if (message.options !== undefined) {
    assertPublishOptions(message.options, protocol);
  }
}

function audienceJson(
  exclude: readonly unknown[] | undefined,
  eligible: readonly unknown[] | undefined,
): string {
  const members: string[] = [];
  if (exclude !== undefined) {
    assertSessionIds(exclude, 'exclude');
    members.push(`"exclude":[${exclude.join(',')}]`);
  }
  if (eligible !== undefined) {
    assertSessionIds(eligible, 'eligible');
    members.push(`"eligible":[${eligible.join(',')}]`);
  }

  return members.join(',');
}
