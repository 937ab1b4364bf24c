import { bulkTable, fanoutTable, memoryTable, pushTable, targetsTable } from './report.js';
import { LIMIT_PIPELINING } from './push-clients.js';
import type { PushRow } from './push-matrix.js';
import type { BenchResults } from './results.js';
import { checkTargets } from './results.js';

/** Renders docs/benchmarks.md from a full run. */
export function renderDoc(results: BenchResults): string {
  const { context } = results;
  // The harness itself keeps both cores busy, so only the load before it started counts.
  const busy = context.loadAtStart > context.cores / 2;
  const sinkCpu = results.sinkCpuMicrosPerRequest;
  const parts = [
    '# Benchmarks',
    '',
    'This page records how fast `client.push` of `@autobahnpush/core` sends signed pushes.',
    'The same run measures baselines. limit sends the same HTTP requests the fastest way,',
    'with raw `undici`, and limit-pipelined does so with pipelining. floor adds only the work',
    'a signed request needs on that pool. naive is what a user would write by hand with',
    '`fetch` and `node:crypto`.',
    'It also records memory over 200,000 pushes, the CLI bulk command, and dev router fan-out.',
    'Absolute numbers depend on the machine, so compare the ratios.',
    '',
    'The harness is the `@autobahnpush/bench` workspace package in `bench/`. Its output was',
    'written to this page by the run described below.',
    '',
    '## Run',
    '',
    `- Command: \`${context.command}\`, from the repository root (${context.mode} mode)`,
    `- Date: ${context.date}`,
    `- Machine: ${context.cores} cores (${context.cpuModel}), ${context.platform}`,
    `- Node.js: ${context.node}`,
    `- Revision: ${context.revision}`,
    `- One-minute load average: ${context.loadAtStart.toFixed(1)} at the start, ${context.loadAtEnd.toFixed(1)} at the end (the harness's own processes included)`,
  ];
  if (context.durationSeconds !== undefined) {
    parts.push(`- Duration: ${Math.round(context.durationSeconds / 60)} minutes`);
  }
  parts.push('');
  if (busy) {
    parts.push(
      '**The machine was busy.** Other processes were using the cores when this run started,',
      'so the absolute numbers are low and noisy. Each ratio compares runs taken back to back',
      'at the same concurrency, which cancels much, but not all, of that noise. Run',
      '`pnpm bench` on an idle machine for numbers to quote.',
      '',
    );
  }
  parts.push('## Targets', '', targetsTable(checkTargets(results)), '');

  const push = pushTable(results);
  if (push !== undefined) {
    const repetitions =
      context.repeat === 1
        ? 'Each row is one run, because the busy machine left no time for repetitions. "vs limit"' +
          "\ndivides by limit's value at the same concurrency."
        : `Each cell is the median of ${context.repeat} repetitions. "vs limit" divides by limit's` +
          '\nvalue in the same repetition and takes the median of those ratios. The range columns' +
          '\nshow the lowest and the highest of those ratios, a measure of the noise.';
    parts.push(
      '## Push throughput and client CPU',
      '',
      repetitions,
      'CPU is user plus system time of the client process, all threads included, over the',
      'measured pushes.',
      '',
      push,
      '',
    );
    parts.push(...breakdownParagraph(results));
    if (sinkCpu !== undefined) {
      parts.push(...sinkParagraph(results, sinkCpu), '');
    }
  }

  const memory = memoryTable(results);
  if (memory !== undefined) {
    parts.push(
      '## Memory',
      '',
      `One process sends signed pushes at concurrency ${results.memory?.concurrency ?? '?'} and reads`,
      '`process.memoryUsage()` after two forced GCs at each count.',
      '',
      memory,
      '',
    );
  }

  const bulk = bulkTable(results);
  if (bulk !== undefined) {
    parts.push(
      '## CLI bulk',
      '',
      '`autobahnpush push com.bench.event --ndjson FILE` runs against a fresh signed dev router',
      'in its own process. So does the library side, which pushes the same lines through one',
      '`Client` with the settings the CLI uses (`connections` and `maxInFlight` equal to',
      '`--concurrency`), timed from its first push to its last. The CLI is timed from spawn to',
      'exit, so its start-up, file reading and JSON parsing count against it. The ratio uses',
      'that wall time, and the rate the CLI prints itself is shown for reference. The two sides',
      'alternate, and the table shows medians over the repetitions.',
      '',
      'Every dev router runs with `timestampDeltaLimit: 0`. With the timestamp window on, the',
      "router's replay guard scans every (timestamp, nonce) pair of the last 300 s on each",
      'signed request. Bulk runs then slow down quadratically and measure that scan instead of',
      'the CLI.',
      '',
      bulk,
      '',
    );
  }

  const fanout = fanoutTable(results);
  if (fanout !== undefined) {
    parts.push(
      '## Dev router fan-out',
      '',
      'The dev router, the subscribers and the pusher run in three processes. The subscribers',
      'are raw `ws` sockets speaking WAMP v2 JSON (HELLO, SUBSCRIBE) that count EVENT frames.',
      'One signed `Client` pushes at concurrency 16. Time runs from the first push until every',
      'subscriber has received every event. All three processes share the 2 cores, so these',
      'numbers measure the whole loop on one machine, not the router alone.',
      '',
      fanout,
      '',
    );
  }

  parts.push(...methodSection(results));

  return `${parts.join('\n')}\n`;
}

// Explains where each client's CPU per push goes, from the c=64 rows.
function breakdownParagraph(results: BenchResults): string[] {
  const row = (kind: string) => results.push?.find((entry) => entry.kind === kind && entry.concurrency === 64);
  const limit = row('limit');
  const floor = row('floor');
  const own = row('autobahnpush');
  const unpipelined = row('autobahnpush-unpipelined');
  const limitPipelined = row('limit-pipelined');
  if (limit === undefined || floor === undefined || own === undefined) {
    return [];
  }
  const versus = (entry: PushRow) => `${entry.cpuMicrosPerPush.toFixed(1)} µs (${entry.cpuVsLimit.toFixed(2)}× limit)`;
  const lines = [
    `At c=64, limit spent ${limit.cpuMicrosPerPush.toFixed(1)} µs of CPU per push, floor ${versus(floor)}, and`,
    `autobahnpush ${versus(own)}.`,
  ];
  if (unpipelined !== undefined) {
    lines.push(`With \`pipelining: 1\`, autobahnpush spent ${versus(unpipelined)}.`);
  }
  if (limitPipelined !== undefined) {
    lines.push(`undici with pipelining ${LIMIT_PIPELINING} (limit-pipelined) spent ${versus(limitPipelined)}.`);
  }
  lines.push(
    'The gap between limit and floor is what signing costs on undici: serialising, the',
    'HMAC, and a fresh path and body for every request.',
    'autobahnpush does not use undici. It packs pushes onto the first keep-alive sockets',
    'with room, pipelines up to 8 requests per socket, and writes the requests of one',
    'turn of the event loop in one system call. The sink then reads and answers them',
    'as a batch too, so both processes make far fewer system calls per push than with',
    'one request per socket, and that saving is larger than the price of signing.',
    'With `pipelining: 1` every push costs one write and one read in each process, as',
    "with limit. The client's own work (input checks, signing, timers, response parsing)",
    'comes on top, so that setting is for proxies that need it, not for speed.',
    '',
  );

  return lines;
}

function sinkParagraph(results: BenchResults, sinkCpu: number): string[] {
  const limit = results.push?.find((row) => row.kind === 'limit' && row.concurrency === 64);
  const lines = [`The sink spent ${sinkCpu.toFixed(1)} µs of CPU per request over the whole matrix.`];
  if (limit !== undefined) {
    lines.push(`limit's client spent ${limit.cpuMicrosPerPush.toFixed(1)} µs per push at c=64.`);
  }
  lines.push(
    'On 2 cores the client and the sink each get about one core, so whichever needs more CPU',
    'per request sets the pace.',
  );
  if (limit !== undefined && sinkCpu >= limit.cpuMicrosPerPush) {
    lines.push(
      "Here the sink needed at least as much as limit's client, so limit's throughput is",
      "partly the sink's ceiling, and the throughput ratios understate how much cheaper limit",
      'is per push. The CPU ratios do not depend on the sink.',
    );
  }

  return lines;
}

function sinkMethod(sink: BenchResults['context']['sink']): string[] {
  if (sink === 'http') {
    return [
      '- **Sink** (`--sink http`): a `node:http` server in its own process on 127.0.0.1 with',
      '  keep-alive. It responds at once with 200 and a constant-length `{"id":N}` and never',
      '  verifies a request.',
    ];
  }

  return [
    '- **Sink** (`--sink net`, the default): a raw `node:net` server in its own process on',
    '  127.0.0.1 with keep-alive. It finds the end of each request from the blank line after',
    '  the headers and `content-length`, then writes a fixed HTTP/1.1 200 response with a',
    '  constant-length `{"id":N}`. It never verifies a request. The `node:http` sink',
    "  (`--sink http`) spent more CPU per request than limit's client in trial runs, so it",
    "  capped every client's throughput at its own rate.",
  ];
}

function durationNote(durationSeconds: number | undefined): string[] {
  if (durationSeconds === undefined) {
    return [];
  }

  return [
    `The full run above took ${Math.round(durationSeconds / 60)} minutes, most of it in naive's`,
    'fetch pushes. Quick mode uses about 2,000 pushes per scenario.',
    '',
  ];
}

function methodSection(results: BenchResults): string[] {
  const { context } = results;

  return [
    '## Method',
    '',
    ...sinkMethod(context.sink),
    `- **limit**: undici 7.30.3 \`Pool\` with ${context.connections} keep-alive connections and \`pipelining: 1\`,`,
    '  driven through `pool.dispatch` with a minimal handler. It sends one body serialised',
    '  once and one fixed query string, and does not parse the response.',
    `- **limit-pipelined**: limit with \`pipelining: ${LIMIT_PIPELINING}\`, so undici sends up to ${LIMIT_PIPELINING} requests on a`,
    '  socket before the first response.',
    '- **floor**: limit\'s pool and handler, plus only what every signed request needs:',
    '  `JSON.stringify` of `{topic, args: [event]}`, a `node:crypto` HMAC-SHA256 over key,',
    '  timestamp, seq, nonce and body, and the query built around it. No input checks,',
    '  timeouts, retries or response parsing.',
    '- **naive**: global `fetch` per push, `JSON.stringify` of `{topic, args: [event]}`, and a',
    '  `node:crypto` HMAC-SHA256 signature of each request as Crossbar.io expects, then',
    '  `response.json()`. `fetch` uses Node.js\'s global dispatcher, which opens one socket per',
    '  push in flight.',
    `- **autobahnpush**: \`client.push('com.bench.event', event)\` with \`key\` and \`secret\`,`,
    `  \`connections: ${context.connections}\`, \`maxInFlight\` of at least the concurrency, and the default`,
    '  `pipelining: 8`.',
    '- **autobahnpush-unpipelined**: autobahnpush with `pipelining: 1`, one request per socket',
    '  at a time, as limit sends them.',
    '- Every client sends the events `{ id: i, text: "order created" }`. Concurrency c means c',
    '  async loops that each await one push at a time.',
    '- Every scenario runs in a fresh child process: 5,000 warm-up pushes, then 100,000',
    '  measured pushes (20,000 at c=1). Wall time and `process.cpuUsage()` cover only the',
    '  measured pushes.',
    '',
    '## Running it',
    '',
    'Build the workspace first (`pnpm build`), because the harness imports the built',
    'packages. Then, from the repository root:',
    '',
    '```sh',
    'pnpm bench                          # full run; writes this page',
    'pnpm bench:quick                    # small counts; prints only',
    'pnpm bench --only push --repeat 1   # one section; prints only',
    'pnpm bench --profile                # autobahnpush at c=64 under --cpu-prof, top functions',
    '```',
    '',
    ...durationNote(context.durationSeconds),
    'CI runs the quick mode once through the package\'s test, which checks that every section',
    'reports numbers. No test asserts a time or a ratio.',
  ];
}
