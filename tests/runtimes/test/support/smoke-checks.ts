import { expect, it } from 'vitest';
import { expectedVectorResults, type Scenario, SECRET, type SmokeResult } from './scenario.js';

/** What one runtime must report besides the checks every runtime shares. */
export interface ExpectedRuntime {
  runtime: { name: string; version: string | null };
  /** URL of the core build the runtime resolved, or undefined where the runtime cannot tell. */
  coreUrl: string | undefined;
  /** `'available'` for the Node.js build, the rejection code for the build for other runtimes. */
  nodeTransport: string;
}

/**
 * Defines the tests of one smoke run. `context` returns the scenario and the parsed result,
 * which the caller sets up in `beforeAll`.
 */
export function defineSmokeChecks(
  context: () => { scenario: Scenario; result: SmokeResult },
  expected: ExpectedRuntime,
): void {
  it('reports the runtime', () => {
    expect(context().result.runtime).toEqual(expected.runtime);
  });

  it('loads the expected build', () => {
    const { result } = context();
    expect(result.coreUrl).toBe(expected.coreUrl);
    expect(result.nodeTransport).toBe(expected.nodeTransport);
  });

  it('matches every signature vector', () => {
    expect(context().result.vectors).toEqual(expectedVectorResults);
  });

  it('rejects a wrong secret', () => {
    const { result } = context();
    expect(result.pushError).toBeUndefined();
    expect(result.unauthorized?.code).toBe('ERR_UNAUTHORIZED');
    expect(result.unauthorized?.name).toBe('UnauthorizedError');
    expect(result.unauthorized?.isAutobahnPushError).toBe(true);
    expect(result.unauthorized?.message).not.toContain(SECRET);
  });

  it('delivers pushes honouring exclude and eligible', async () => {
    const { scenario, result } = context();
    expect(result.pushError).toBeUndefined();
    const ids = (result.receipts ?? []).map((receipt) => receipt.id);
    expect(ids).toHaveLength(4);
    for (const id of ids) {
      expect(Number.isSafeInteger(id)).toBe(true);
    }

    // Each subscriber's last event is the fourth push, which the wrong-secret push
    // preceded, so once it arrives nothing else is still on the way.
    await scenario.everyone.waitForEvents(3);
    await scenario.excluded.waitForEvents(3);
    const everyone = scenario.subscriptions.everyone;
    const excluded = scenario.subscriptions.excluded;
    expect(scenario.everyone.events).toStrictEqual([
      { subscription: everyone, publication: ids[0], args: [{ step: 1 }], kwargs: undefined },
      { subscription: everyone, publication: ids[1], args: [{ step: 2 }], kwargs: undefined },
      { subscription: everyone, publication: ids[3], args: [{ step: 4 }], kwargs: undefined },
    ]);
    expect(scenario.excluded.events).toStrictEqual([
      { subscription: excluded, publication: ids[0], args: [{ step: 1 }], kwargs: undefined },
      { subscription: excluded, publication: ids[2], args: [{ step: 3 }], kwargs: undefined },
      { subscription: excluded, publication: ids[3], args: [{ step: 4 }], kwargs: undefined },
    ]);
  });
}
