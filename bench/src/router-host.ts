/**
 * Child process that runs the dev router with signed HTTP publishing, so that the router's
 * CPU time is not spent in the process that pushes or in the one that subscribes.
 */
import { startDevRouter } from '@autobahnpush/dev-router';
import { onStopRequest, readSpec, sendToParent } from './processes.js';

/** Credentials the router checks on `/publish`. */
export interface RouterSpec {
  key: string;
  secret: string;
}

/** URLs of the running dev router. */
export interface RouterReady {
  publishUrl: string;
  wsUrl: string;
}

const spec = readSpec<RouterSpec>();
// NOTE: timestampDeltaLimit 0 turns off the timestamp window. With the window on, the
// replay guard of dev-router 0.1.0 scans every (timestamp, nonce) pair of the last 300 s
// on each signed request. A bulk run then slows down quadratically and measures that scan.
const router = await startDevRouter({ port: 0, key: spec.key, secret: spec.secret, timestampDeltaLimit: 0 });
const ready: RouterReady = { publishUrl: router.publishUrl, wsUrl: router.wsUrl };
await sendToParent(ready);

onStopRequest(() => {
  void router.close().then(() => process.exit(0));
});
