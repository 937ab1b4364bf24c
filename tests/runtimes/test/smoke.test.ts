import { afterAll, beforeAll, describe } from 'vitest';
import { defineSmokeChecks, type ExpectedRuntime } from './support/smoke-checks.js';
import { bunBinary, denoBinary, nodeBinary, platformSkipReason } from './support/runtimes.js';
import {
  childEnvironment,
  NODE_BUILD,
  parseSmokeOutput,
  runProcess,
  type Scenario,
  type SmokeResult,
  SMOKE_MAIN,
  startScenario,
  WEB_BUILD,
} from './support/scenario.js';

interface RuntimeCase extends ExpectedRuntime {
  label: string;
  command: string;
  /** Arguments before the script path. */
  flags: (scenario: Scenario) => string[];
}

const machineNode: RuntimeCase = {
  label: `Node.js ${process.versions.node}`,
  command: process.execPath,
  flags: () => [],
  runtime: { name: 'node', version: process.versions.node },
  coreUrl: NODE_BUILD,
  nodeTransport: 'available',
};

/** The runtimes installed from npm, which need linux-x64. */
function installedRuntimes(): RuntimeCase[] {
  const node22 = nodeBinary('node-22');
  const node24 = nodeBinary('node-24');
  const bun = bunBinary();
  const deno = denoBinary();

  return [
    {
      label: `Node.js ${node22.version}`,
      command: node22.path,
      flags: () => [],
      runtime: { name: 'node', version: node22.version },
      coreUrl: NODE_BUILD,
      nodeTransport: 'available',
    },
    {
      label: `Node.js ${node24.version}`,
      command: node24.path,
      flags: () => [],
      runtime: { name: 'node', version: node24.version },
      coreUrl: NODE_BUILD,
      nodeTransport: 'available',
    },
    {
      label: `Bun ${bun.version}`,
      command: bun.path,
      flags: () => [],
      runtime: { name: 'bun', version: bun.version },
      coreUrl: WEB_BUILD,
      nodeTransport: 'ERR_INVALID_ARGUMENT',
    },
    {
      label: `Deno ${deno.version}`,
      command: deno.path,
      // Only what the script needs: its configuration variable and the dev router's address.
      flags: (scenario) => [
        'run',
        '--no-prompt',
        '--allow-env=SMOKE_CONFIG',
        `--allow-net=${new URL(scenario.router.publishUrl).host}`,
      ],
      runtime: { name: 'deno', version: deno.version },
      coreUrl: WEB_BUILD,
      nodeTransport: 'ERR_INVALID_ARGUMENT',
    },
  ];
}

if (platformSkipReason !== undefined) {
  console.warn(`Running the smoke script on the machine's Node.js only: ${platformSkipReason}.`);
}
const cases = platformSkipReason === undefined ? [machineNode, ...installedRuntimes()] : [machineNode];

describe.each(cases)('smoke script on $label', (runtimeCase) => {
  let scenario: Scenario;
  let result: SmokeResult;

  beforeAll(async () => {
    scenario = await startScenario();
    const output = await runProcess(runtimeCase.command, [...runtimeCase.flags(scenario), SMOKE_MAIN], {
      env: childEnvironment({ SMOKE_CONFIG: JSON.stringify(scenario.config) }),
    });
    result = parseSmokeOutput(output);
  });

  afterAll(async () => {
    await scenario?.close();
  });

  defineSmokeChecks(() => ({ scenario, result }), runtimeCase);
});
