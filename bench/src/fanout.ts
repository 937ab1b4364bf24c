import type { BenchConfig } from './config.js';
import type { LoopOutcome } from './push-clients.js';
import type { ClientSettings } from './push-clients.js';
import { BENCH_KEY, BENCH_SECRET } from './push-matrix.js';
import type { PushRequest } from './pusher.js';
import type { RouterReady, RouterSpec } from './router-host.js';
import type { DeliveryReport, ExpectRequest, SubscribersSpec } from './subscribers.js';
import { type Service, startService } from './processes.js';

/** Fan-out through the dev router to one number of subscribers. */
export interface FanoutRow {
  subscribers: number;
  pushes: number;
  /** Pushes divided by the time until the last subscriber received the last event. */
  pushesPerSecond: number;
  deliveriesPerSecond: number;
  /** Deliveries missing when the wait timed out; 0 when all arrived. */
  missing: number;
  errors: number;
}

const FANOUT_TOPIC = 'com.bench.fanout';
// Generous, so that a busy machine still finishes; a shortfall is reported, not hidden.
const DELIVERY_TIMEOUT_MS = 120_000;

/**
 * For each subscriber count, starts a subscriber process and a pusher process against one
 * dev router, warms up, then times pushes from the first request until every subscriber
 * has received every event.
 */
export async function runFanout(config: BenchConfig, log: (line: string) => void): Promise<FanoutRow[]> {
  const router = await startService<RouterReady>('./router-host.js', {
    key: BENCH_KEY,
    secret: BENCH_SECRET,
  } satisfies RouterSpec);
  const rows: FanoutRow[] = [];
  try {
    let nextEvent = 0;
    for (const { subscribers, pushes } of config.fanout.cases) {
      const subscriberHost = await startService<{ subscribers: number }>('./subscribers.js', {
        wsUrl: router.ready.wsUrl,
        topic: FANOUT_TOPIC,
        subscribers,
        timeoutMs: DELIVERY_TIMEOUT_MS,
      } satisfies SubscribersSpec);
      const pusher = await startService<{ ready: true }>('./pusher.js', {
        url: router.ready.publishUrl,
        connections: config.connections,
        concurrency: config.fanout.concurrency,
        key: BENCH_KEY,
        secret: BENCH_SECRET,
        topic: FANOUT_TOPIC,
      } satisfies ClientSettings);
      try {
        // Each case has a fresh subscriber host, so its totals start at zero.
        const warmupTotal = config.fanout.warmup * subscribers;
        const warmup = await pushAndWait(pusher, subscriberHost, nextEvent, config.fanout.warmup, warmupTotal);
        nextEvent += config.fanout.warmup;

        const startedAt = performance.now();
        const expectedTotal = warmup.report.received + pushes * subscribers;
        const { outcome, report } = await pushAndWait(pusher, subscriberHost, nextEvent, pushes, expectedTotal);
        const seconds = (performance.now() - startedAt) / 1000;
        nextEvent += pushes;
        const delivered = report.received - warmup.report.received;

        const row: FanoutRow = {
          subscribers,
          pushes,
          pushesPerSecond: pushes / seconds,
          deliveriesPerSecond: delivered / seconds,
          missing: pushes * subscribers - delivered,
          errors: outcome.errors,
        };
        rows.push(row);
        log(
          `  ${String(subscribers).padStart(5)} subscribers  ${Math.round(row.pushesPerSecond)} pushes/s, ` +
            `${Math.round(row.deliveriesPerSecond)} deliveries/s` +
            (row.missing > 0 || row.errors > 0 ? `, ${row.missing} missing, ${row.errors} errors` : ''),
        );
      } finally {
        await pusher.stop();
        await subscriberHost.stop();
      }
    }
  } finally {
    await router.stop();
  }

  return rows;
}

async function pushAndWait(
  pusher: Service<{ ready: true }>,
  subscriberHost: Service<{ subscribers: number }>,
  start: number,
  count: number,
  expectedTotal: number,
): Promise<{ outcome: LoopOutcome; report: DeliveryReport }> {
  const expect: ExpectRequest = { type: 'expect', total: expectedTotal };
  const delivered = subscriberHost.request<DeliveryReport>(expect);
  const request: PushRequest = { type: 'push', start, count };
  const outcome = await pusher.request<LoopOutcome>(request);
  // NOTE: a failed push is never delivered, so the subscriber host then waits for its
  // timeout and the row reports the shortfall as missing deliveries.
  const report = await delivered;

  return { outcome, report };
}
