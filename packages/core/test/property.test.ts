import { type DevRouter, DENIED_TOPIC_PREFIX, startDevRouter } from '@autobahnpush/dev-router';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, isAutobahnPushError } from '../src/index.js';

let router: DevRouter;
let crossbar: Client;
let appliance: Client;

beforeAll(async () => {
  router = await startDevRouter({ key: 'prop-key', secret: 'prop-secret', postBodyLimit: 0 });
  crossbar = new Client(router.publishUrl, { key: 'prop-key', secret: 'prop-secret' });
  appliance = new Client(router.pushUrl, {
    key: 'prop-key',
    secret: 'prop-secret',
    protocol: 'appliance',
  });
});

afterAll(async () => {
  await crossbar.close();
  await appliance.close();
  await router.close();
});

const uriPart = fc.stringMatching(/^[a-zA-Z0-9_ .#\u00e9\u4e16-]{0,8}$/);
const topic = fc.oneof(
  fc.array(uriPart, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('wamp.session.on_join', 'com.myapp.topic', 'com..x', 'a b', ''),
);
const sessionId = fc.oneof(
  fc.integer({ min: -5, max: 2 ** 31 }),
  fc.constantFrom(0, 1, 2 ** 53, 2 ** 53 + 2, 1.5, Number.NaN),
  fc.string({ maxLength: 4 }),
);
const audience = fc.record(
  {
    exclude: fc.array(sessionId, { maxLength: 3 }),
    eligible: fc.array(sessionId, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const event = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withBigInt: true, withMap: true, withSet: true }),
  fc.constantFrom(undefined, 10n, () => 1),
);

type Outcome = 'accepted' | 'ERR_INVALID_ARGUMENT';

async function outcomeOf(push: () => Promise<{ id?: number }>, expectId: boolean): Promise<Outcome> {
  try {
    const receipt = await push();
    if (expectId) {
      expect(typeof receipt.id).toBe('number');
    }

    return 'accepted';
  } catch (error) {
    if (isAutobahnPushError(error) && error.code === 'ERR_INVALID_ARGUMENT') {
      return 'ERR_INVALID_ARGUMENT';
    }
    throw error;
  }
}

describe('random input', () => {
  it('crossbar pushes are accepted or ERR_INVALID_ARGUMENT', async () => {
    const seen = new Set<Outcome>();
    await fc.assert(
      fc.asyncProperty(topic, event, audience, async (name, value, options) => {
        fc.pre(!name.startsWith(DENIED_TOPIC_PREFIX));
        const outcome = await outcomeOf(() => crossbar.push(name, value, options), true);
        seen.add(outcome);
      }),
      { numRuns: 300 },
    );

    // Both outcomes must occur, or the generators stopped exercising one side.
    expect([...seen].sort()).toEqual(['ERR_INVALID_ARGUMENT', 'accepted']);
  });

  it('crossbar publications are accepted or ERR_INVALID_ARGUMENT', async () => {
    const seen = new Set<Outcome>();
    const message = fc.record(
      {
        args: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.anything()),
        kwargs: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })), fc.anything()),
        options: fc.oneof(
          fc.record(
            {
              exclude: fc.array(sessionId, { maxLength: 2 }),
              exclude_authid: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
              eligible_authrole: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
              exclude_me: fc.oneof(fc.boolean(), fc.integer()),
              retain: fc.boolean(),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(topic, message, async (name, value) => {
        fc.pre(!name.startsWith(DENIED_TOPIC_PREFIX));
        const outcome = await outcomeOf(() => crossbar.publish(name, value as never), true);
        seen.add(outcome);
      }),
      { numRuns: 300 },
    );

    // Both outcomes must occur, or the generators stopped exercising one side.
    expect([...seen].sort()).toEqual(['ERR_INVALID_ARGUMENT', 'accepted']);
  });

  it('appliance pushes are accepted or ERR_INVALID_ARGUMENT', async () => {
    const seen = new Set<Outcome>();
    const applianceTopic = fc.oneof(
      fc.webUrl().map((url) => url),
      fc.string({ maxLength: 12 }),
      topic,
    );
    await fc.assert(
      fc.asyncProperty(applianceTopic, fc.jsonValue({ maxDepth: 2 }), audience, async (name, value, options) => {
        const outcome = await outcomeOf(() => appliance.push(name, value, options), false);
        seen.add(outcome);
      }),
      { numRuns: 200 },
    );

    expect([...seen].sort()).toEqual(['ERR_INVALID_ARGUMENT', 'accepted']);
  });
});
