/**
 * Child process that keeps one signed `autobahnpush` client open and pushes on request,
 * for the fan-out scenario, where the subscribers, not the pusher, decide when a run ends.
 */
import { type ClientSettings, createPushClient, runConcurrently } from './push-clients.js';
import type { LoopOutcome } from './push-clients.js';
import { onStopRequest, readSpec, sendToParent } from './processes.js';

/** A request to push `count` events starting at event `start`. */
export interface PushRequest {
  type: 'push';
  start: number;
  count: number;
}

const spec = readSpec<ClientSettings>();
const client = createPushClient('autobahnpush', spec);
await sendToParent({ ready: true });

process.on('message', (message: PushRequest) => {
  if (message.type !== 'push') {
    return;
  }
  void runConcurrently(client, message.start, message.count, spec.concurrency).then(
    (outcome: LoopOutcome) => sendToParent(outcome),
  );
});

onStopRequest(() => {
  void client.close().then(() => process.exit(0));
});
