import {
  type Audience,
  type PublishMessage,
  type PushProtocol,
  assertApplianceTopic,
  assertPublishMessage,
  serializeCrossbarPublication,
  serializeCrossbarPush,
  serializeJson,
  toApplianceSessionIds,
} from '@autobahnpush/core';

/**
 * Validates a push that is about to be queued and returns a JSON copy of its event, so a
 * bad topic or event fails at `req.push` and later changes to the object do not alter
 * what is sent.
 *
 * Both protocols check `exclude` and `eligible` with core's own rules, so a bad session ID
 * list rejects the `req.push` call instead of reaching `onError` after the response.
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
  assertApplianceAudience(audience);

  return JSON.parse(serializeJson(event, 'event', { role: 'topic', name: topic }));
}

/**
 * Validates a publication that is about to be queued and returns a JSON copy of it.
 * Core's `assertPublishMessage` checks `options.exclude` and `options.eligible` as WAMP v2
 * session IDs (integers) on both protocols.
 *
 * NOTE: the appliance protocol's other limits (exactly one argument, no kwargs, no publish
 * options besides exclude and eligible) are checked by core only when the publication is
 * sent, because core does not export that check. A violation then reaches `onError`.
 *
 * @throws {InvalidArgumentError} for a bad topic, message or session ID list.
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
  const json = serializeJson(message, 'message', { role: 'topic', name: topic });

  return JSON.parse(json) as PublishMessage;
}

// The same check core applies when it sends an appliance push, run before queueing.
function assertApplianceAudience(audience: { exclude?: unknown; eligible?: unknown }): void {
  if (audience.exclude !== undefined) {
    toApplianceSessionIds(audience.exclude, 'exclude');
  }
  if (audience.eligible !== undefined) {
    toApplianceSessionIds(audience.eligible, 'eligible');
  }
}
