import { type DevRouter, type DevRouterOptions, type PublicationEvent, startDevRouter } from '@autobahnpush/dev-router';

/** A dev router on a free loopback port that records every accepted publication. */
export interface RecordingRouter {
  router: DevRouter;
  publications: PublicationEvent[];
  close(): Promise<void>;
}

/** Starts a dev router on 127.0.0.1 with a free port and records its publications. */
export async function startRecordingRouter(options: DevRouterOptions = {}): Promise<RecordingRouter> {
  const router = await startDevRouter({ host: '127.0.0.1', port: 0, ...options });
  const publications: PublicationEvent[] = [];
  router.on('publication', (event) => publications.push(event));

  return { router, publications, close: () => router.close() };
}
