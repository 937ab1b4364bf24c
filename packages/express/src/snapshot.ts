import {
  type Audience,
  InvalidArgumentError,
  type PublishMessage,
  type PushProtocol,
  assertApplianceTopic,
  assertPublishMessage,
  serializeCrossbarPublication,
  serializeCrossbarPush,
} from '@autobahnpush/core';

/**
 * Validates a push that is about to be queued and returns a JSON copy of its event, so a
 * bad topic or event fails at `req.push` and later changes to the object do not alter
 * what is sent.
 *
 * On the Crossbar protocol the copy comes from core's own serialisation, which also
 * checks `exclude` and `eligible`.
 *
 * NOTE: on the appliance protocol the session ID lists are checked only when the push is
 * sent, because core does not export that check. A bad list then reaches `onError`.
 *
 * @throws {InvalidArgumentError} for a bad topic, event or session ID list.
 */
export function snapshotPushEvent(
  protocol: PushProtocol,
  topic: unknown,
  event: unknown,
  audience: { exclude?: unknown; eligible?: unknown },
): unknown {
  if (protocol === 'crossbar') {
    const body = serializeCrossbarPush(topic as string, event, audience as Audience);

    return (JSON.parse(body) as { args: unknown[] }).args[0];
  }
  assertApplianceTopic(topic);

  return jsonCopy(event, `event for topic ${JSON.stringify(topic)}`);
}

/**
 * Validates a publication that is about to be queued and returns a JSON copy of it.
 *
 * NOTE: the appliance protocol's limits (exactly one argument, no kwargs, only
 * exclude and eligible) are checked by core when the publication is sent, so a
 * violation then reaches `onError`.
 *
 * @throws {InvalidArgumentError} for a bad topic or message.
 */
export function snapshotPublication(
  protocol: PushProtocol,
  topic: unknown,
  message: unknown,
): PublishMessage {
  if (protocol === 'crossbar') {
    const body = serializeCrossbarPublication(topic as string, message as PublishMessage);
    const { args, kwargs, options } = JSON.parse(body) as PublishMessage;

    return {
      ...(args === undefined ? {} : { args }),
      ...(kwargs === undefined ? {} : { kwargs }),
      ...(options === undefined ? {} : { options }),
    };
  }
  assertApplianceTopic(topic);
  assertPublishMessage(message);

  return jsonCopy(message, `message for topic ${JSON.stringify(topic)}`) as PublishMessage;
}

function jsonCopy(value: unknown, description: string): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(
      `Invalid ${description}: JSON cannot represent it (${(error as Error).message}). Convert BigInt ` +
        'values to strings or numbers and remove circular references.',
      { cause: error },
    );
  }
  if (json === undefined) {
    throw new InvalidArgumentError(
      `Invalid ${description}: a value of type ${typeof value} cannot be sent as JSON; pass null, a ` +
        'string, a number, a boolean, an array or an object.',
    );
  }

  return JSON.parse(json);
}
