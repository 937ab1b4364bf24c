/**
 * Timestamp parsing that accepts exactly what Python's
 * `datetime.strptime()` accepts for the formats the two push protocols use:
 * Crossbar.io's `%Y-%m-%dT%H:%M:%S.%fZ` (1 to 6 fraction digits) and the
 * appliance's `%Y-%m-%dT%H:%M:%SZ`. Like strptime, literal letters match in
 * any case, and month, day, hour, minute and second may have one digit.
 */

const DATE_TIME = String.raw`(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])T(2[0-3]|[01]\d|\d):([0-5]\d|\d):(6[01]|[0-5]\d|\d)`;
const WITH_FRACTION = new RegExp(String.raw`^${DATE_TIME}\.(\d{1,6})Z$`, 'iu');
const WITHOUT_FRACTION = new RegExp(`^${DATE_TIME}Z$`, 'iu');

/**
 * Parses a `/publish` timestamp such as `2026-12-04T19:36:51.123Z` into
 * milliseconds since the epoch (with microsecond fractions), or returns
 * `undefined` when it is not in that format or not a real date.
 */
export function parseBridgeTimestamp(text: string): number | undefined {
  const match = WITH_FRACTION.exec(text);
  if (match === null) return undefined;

  return toEpochMilliseconds(match, Number(`0.${match[7]}`));
}

/** Parses a `/push` timestamp such as `2012-10-14T16:59:51Z` (no fraction) into milliseconds since the epoch. */
export function parseApplianceTimestamp(text: string): number | undefined {
  const match = WITHOUT_FRACTION.exec(text);
  if (match === null) return undefined;

  return toEpochMilliseconds(match, 0);
}

function toEpochMilliseconds(match: RegExpExecArray, fraction: number): number | undefined {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part.trim()));
  // datetime has no year 0, no leap seconds, and rejects days past the month's end.
  if (year === 0 || second! > 59) return undefined;

  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  date.setUTCHours(hour!, minute!, second!, 0);
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day) return undefined;

  return date.getTime() + fraction * 1000;
}

/**
 * Returns `true` when `timestampMs` is more than `limitSeconds` away from
 * `nowMs` in either direction. A limit of 0 disables the check.
 */
export function isOutsideWindow(timestampMs: number, nowMs: number, limitSeconds: number): boolean {
  return limitSeconds > 0 && Math.abs(timestampMs - nowMs) > limitSeconds * 1000;
}
