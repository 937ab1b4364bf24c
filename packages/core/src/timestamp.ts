/**
 * Formats `time` as a Crossbar timestamp: UTC ISO 8601 with milliseconds and `Z`,
 * for example `2026-12-04T19:36:51.123Z`. Crossbar parses `%Y-%m-%dT%H:%M:%S.%fZ`, so a
 * timestamp without a fraction is rejected.
 */
export function formatCrossbarTimestamp(time: Date | number = Date.now()): string {
  return new Date(time).toISOString();
}

/**
 * Formats `time` as an appliance timestamp: UTC ISO 8601 without a fraction, for example
 * `2012-10-14T16:59:51Z`. The appliance parses `%Y-%m-%dT%H:%M:%SZ` only.
 */
export function formatApplianceTimestamp(time: Date | number = Date.now()): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}
