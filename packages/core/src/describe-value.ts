/** Renders a value for an error message: short, printable and never a whole payload. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;

    return JSON.stringify(shown);
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'function') {
    return 'a function';
  }
  if (typeof value === 'symbol') {
    return 'a symbol';
  }
  if (Array.isArray(value)) {
    return `an array of length ${value.length}`;
  }
  if (value === null || typeof value !== 'object') {
    return String(value);
  }

  return `an object (${value.constructor?.name ?? 'null prototype'})`;
}
