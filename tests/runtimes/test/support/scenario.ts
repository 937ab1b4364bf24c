import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type DevRouter, startDevRouter } from '@autobahnpush/dev-router';
import { WampSubscriber } from './wamp-subscriber.js';

export const KEY = 'runtime-tests';
export const SECRET = 'runtime-tests-secret';
export const TOPIC = 'com.example.runtimes.smoke';

const coreDirectory = dirname(createRequire(import.meta.url).resolve('@autobahnpush/core/package.json'));
/** URLs of the two builds of @autobahnpush/core, as the runtimes report them. */
export const NODE_BUILD = pathToFileURL(join(coreDirectory, 'dist', 'index.mjs')).href;
export const WEB_BUILD = pathToFileURL(join(coreDirectory, 'dist', 'web', 'index.js')).href;
export const CORE_DIRECTORY = coreDirectory;

/** The smoke script for Node.js, Bun and Deno. */
export const SMOKE_MAIN = fileURLToPath(new URL('../smoke/main.js', import.meta.url));

interface Vector {
  name: string;
  protocol: 'crossbar' | 'appliance';
  signature: string;
  query: string;
  body: string;
}

/** The shared signature vectors of the repository. */
export const vectors = (
  JSON.parse(readFileSync(new URL('../../../../fixtures/vectors/signatures.json', import.meta.url), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

/** What smoke.js must report for the vectors, in the order of the fixture file. */
export const expectedVectorResults = vectors.map((vector) =>
  vector.protocol === 'crossbar'
    ? { name: vector.name, signature: vector.signature, verified: true, query: vector.query, body: vector.body }
    : { name: vector.name, signature: vector.signature, verified: true },
);

/** Configuration that smoke.js reads. */
export interface SmokeConfig {
  publishUrl: string;
  key: string;
  secret: string;
  topic: string;
  excluded: number;
  vectors: Vector[];
}

/** The JSON line smoke.js prints. */
export interface SmokeResult {
  coreUrl?: string;
  runtime: { name: string; version: string | null };
  nodeTransport: string;
  vectors: unknown[];
  receipts?: { id?: number }[];
  unauthorized?: { name: string; code: string; message: string; isAutobahnPushError: boolean };
  pushError?: { name: string; code: string; message: string };
}

/**
 * A signed dev router on loopback with two subscribers of {@link TOPIC}: `everyone`, and
 * `excluded`, whose session the smoke script excludes from one push and makes the only
 * eligible receiver of another.
 */
export interface Scenario {
  router: DevRouter;
  everyone: WampSubscriber;
  excluded: WampSubscriber;
  /** Subscription IDs of `everyone` and `excluded`, as SUBSCRIBED returned them. */
  subscriptions: { everyone: number; excluded: number };
  config: SmokeConfig;
  close(): Promise<void>;
}

export async function startScenario(): Promise<Scenario> {
  const router = await startDevRouter({ port: 0, key: KEY, secret: SECRET });
  const everyone = await WampSubscriber.connect(router.wsUrl, router.realm);
  const excluded = await WampSubscriber.connect(router.wsUrl, router.realm);
  const subscriptions = { everyone: await everyone.subscribe(TOPIC), excluded: await excluded.subscribe(TOPIC) };

  return {
    router,
    everyone,
    excluded,
    subscriptions,
    config: {
      publishUrl: router.publishUrl,
      key: KEY,
      secret: SECRET,
      topic: TOPIC,
      excluded: excluded.sessionId,
      vectors,
    },
    async close() {
      await everyone.close();
      await excluded.close();
      await router.close();
    },
  };
}

/** Output of a finished child process. */
export interface ProcessOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Environment for a child runtime: the parent's, without the variables vitest sets for
 * its own workers, plus `extra`. Deno and Bun are told not to contact their vendors.
 */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|NODE_OPTIONS$|NODE_ENV$)/.test(name)) {
      environment[name] = value;
    }
  }

  return { ...environment, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', NO_COLOR: '1', ...extra };
}

/** Runs `command` to completion; resolves with its exit code and output, never rejects on a non-zero exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(error);

        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** Parses the last line of the smoke script's output, or fails with everything it printed. */
export function parseSmokeOutput(output: ProcessOutput): SmokeResult {
  const lines = output.stdout.trim().split('\n');
  const last = lines.at(-1) ?? '';
  if (output.code !== 0 || !last.startsWith('{')) {
    throw new Error(
      `The smoke script exited with code ${output.code} and no JSON result.\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
    );
  }

  return JSON.parse(last) as SmokeResult;
}
