import { describe, expect, it } from 'vitest';
import { isOutsideWindow, parseApplianceTimestamp, parseBridgeTimestamp } from '../src/http/timestamp.js';

describe('bridge timestamp', () => {
  it.each([
    ['2026-12-04T19:36:51.123Z', Date.UTC(2026, 11, 4, 19, 36, 51, 123)],
    ['2026-12-04T19:36:51.1Z', Date.UTC(2026, 11, 4, 19, 36, 51, 100)],
    ['2026-12-04t19:36:51.5z', Date.UTC(2026, 11, 4, 19, 36, 51, 500)],
    ['2026-1-4T9:6:5.000Z', Date.UTC(2026, 0, 4, 9, 6, 5)],
    ['2024-02-29T00:00:00.0Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00.0Z', Date.UTC(2000, 0, 1) - 730_119 * 86_400_000],
  ])('parses %s', (text, expected) => {
    expect(parseBridgeTimestamp(text)).toBe(expected);
  });

  it('keeps microseconds', () => {
    expect(parseBridgeTimestamp('2026-03-01T00:00:00.000001Z')).toBeCloseTo(Date.UTC(2026, 2, 1) + 0.001, 6);
  });

  it.each([
    '2026-12-04T19:36:51Z',
    '2026-12-04T19:36:51.123456789Z',
    '2026-12-04T19:36:51.123+00:00',
    '2026-12-04 19:36:51.123Z',
    '2026-02-30T00:00:00.0Z',
    '2025-02-29T00:00:00.0Z',
    '2026-12-04T19:36:60.0Z',
    '2026-12-04T24:00:00.0Z',
    '0000-01-01T00:00:00.0Z',
    '２０２６-12-04T19:36:51.123Z',
    ' 2026-12-04T19:36:51.123Z',
    '',
  ])('rejects %j', (text) => {
    expect(parseBridgeTimestamp(text)).toBeUndefined();
  });
});

describe('appliance timestamp', () => {
  it('parses without fraction', () => {
    expect(parseApplianceTimestamp('2012-10-14T16:59:51Z')).toBe(Date.UTC(2012, 9, 14, 16, 59, 51));
  });

  it('rejects fraction', () => {
    expect(parseApplianceTimestamp('2012-10-14T16:59:51.0Z')).toBeUndefined();
  });
});

describe('timestamp window', () => {
  it('checks both directions', () => {
    expect(isOutsideWindow(0, 300_000, 300)).toBe(false);
    expect(isOutsideWindow(0, 300_001, 300)).toBe(true);
    expect(isOutsideWindow(300_001, 0, 300)).toBe(true);
  });

  it('is disabled by limit 0', () => {
    expect(isOutsideWindow(0, 10 ** 12, 0)).toBe(false);
  });
});
