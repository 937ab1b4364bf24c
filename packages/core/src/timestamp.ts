import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';

/**
 * Formats `time` as a Crossbar timestamp: UTC ISO 8601 with milliseconds and `Z`,
 * for example `2026-12-04T19:36:51.123Z`. Crossbar parses `%Y-%m-%dT%H:%M:%S.%fZ`, so a
 * timestamp without a fraction is rejected.
 */
export function formatCrossbarTimestamp(time: Date | number = Date.now()): string {
  if (typeof time === 'number' && time === lastTime) {
    return lastTimestamp;
  }
  const timestamp = toDate(time).toISOString();
  if (typeof time === 'number') {
    lastTime = time;
    lastTimestamp = timestamp;
  }

  return timestamp;
}

// Many pushes share a millisecond under load; they reuse its formatted timestamp.
let lastTime = Number.NaN;
let lastTimestamp = '';

/**
 * Formats `time` as an appliance timestamp: UTC ISO 8601 without a fraction, for example
 * `2012-10-14T16:59:51Z`. The appliance parses `%Y-%m-%dT%H:%M:%SZ` only.
 */
export function formatApplianceTimestamp(time: Date | number = Date.now()): string {
  return `${toDate(time).toISOString().slice(0, 19)}Z`;
}

// Years 0 to 9999 keep the four-digit form the bridges parse.
const MIN_TIME = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');

function toDate(time: unknown): Date {
  let date: Date | undefined;
  if (time instanceof Date) {
    date = time;
  } else if (typeof time === 'number') {
    date = new Date(time);
  }
  const value = date?.getTime();
  if (date === undefined || value === undefined || !(value >= MIN_TIME && value <= MAX_TIME)) {
    throw new InvalidArgumentError(
      `Invalid time ${describeValue(time)}: pass a valid Date or milliseconds since the epoch, ` +
        'within the years 0 to 9999.',
    );
  }

  return date;
}
