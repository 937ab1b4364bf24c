import { expect } from 'vitest';

/** What a `/publish` response body must look like. */
export type BodyShape =
  /** `{"id": <publication ID>}` */
  | { kind: 'id' }
  /** `{"error": "<message>", "args": [], "kwargs": {}}`, optionally with a message prefix clients rely on. */
  | { kind: 'bridge-error'; startsWith?: string }
  /** `{"error": "<WAMP error URI>", "args": [...], "kwargs": {...}}` with status 200. */
  | { kind: 'router-error'; uri: string }
  /** No body at all. */
  | { kind: 'empty' };

/** Asserts that `text` has `shape`, one property per assertion. */
export function expectBodyShape(text: string, shape: BodyShape): void {
  if (shape.kind === 'empty') {
    expect(text).toBe('');

    return;
  }

  const body = JSON.parse(text) as Record<string, unknown>;
  if (shape.kind === 'id') {
    expect(Object.keys(body)).toEqual(['id']);
    expect(Number.isSafeInteger(body.id) || body.id === 2 ** 53).toBe(true);
    expect(body.id as number).toBeGreaterThanOrEqual(1);
    expect(body.id as number).toBeLessThanOrEqual(2 ** 53);

    return;
  }

  expect(Object.keys(body).sort()).toEqual(['args', 'error', 'kwargs']);
  expect(typeof body.error).toBe('string');
  expect(Array.isArray(body.args)).toBe(true);
  expect(typeof body.kwargs).toBe('object');
  expect(body.kwargs).not.toBeNull();
  expect(Array.isArray(body.kwargs)).toBe(false);
  if (shape.kind === 'router-error') {
    expect(body.error).toBe(shape.uri);

    return;
  }

  expect(body.args).toEqual([]);
  expect(body.kwargs).toEqual({});
  expect((body.error as string).length).toBeGreaterThan(0);
  if (shape.startsWith !== undefined) expect(body.error as string).toMatch(new RegExp(`^${shape.startsWith}`, 'u'));
}
