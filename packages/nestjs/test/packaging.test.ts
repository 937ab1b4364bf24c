import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFixture } from './helpers/run-node.js';
import { bodyOf, type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

// These tests load the built dist/ through the package's own exports map, in a separate
// Node.js process, as an application that installed the package would.
const EXPORTS = [
  'AutobahnPushHealthIndicator',
  'AutobahnPushModule',
  'AutobahnPushService',
  'DEFAULT_CLIENT_NAME',
  'DEFAULT_DRAIN_TIMEOUT',
  'DEFAULT_SESSION_HEADER',
  'InjectAutobahnPush',
  'NAMED_CLIENT_TOKEN_PREFIX',
  'PUSH_METADATA',
  'Push',
  'PushInterceptor',
  'createNestPushLogger',
  'getAutobahnPushToken',
];

let endpoint: StubEndpoint;

beforeEach(async () => {
  endpoint = await startStubEndpoint();
});

afterEach(async () => {
  await endpoint.close();
});

describe.each([
  ['require', 'load-dist.cjs', 'cjs'],
  ['import', 'load-dist.mjs', 'esm'],
])('dist loaded with %s', (_method, fixtureName, format) => {
  it('boots a Nest application and pushes', async () => {
    const output = JSON.parse(await runFixture(fixtureName, [endpoint.url]));

    expect(output.exports).toEqual(EXPORTS);
    expect(output.receipt).toEqual({ id: 1 });
    expect(output.health).toEqual({
      push: { status: 'up', client: 'default', url: endpoint.url, statusCode: 200 },
    });
    expect(bodyOf(endpoint.requests[0])).toEqual({ topic: 'com.shop.order_created', args: [{ format }] });
  });

  it('keeps decorator metadata', async () => {
    const output = JSON.parse(await runFixture(fixtureName, [endpoint.url]));

    expect(output.interceptorParamtypes).toEqual(['Reflector', 'ModuleRef']);
    expect(output.healthParamtypes).toEqual(['ModuleRef']);
    expect(output.sameReflector).toBe(true);
    expect(output.sameModuleRef).toBe(true);
  });
});
