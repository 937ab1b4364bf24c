import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('skips the -- separator', () => {
    const config = parseConfig(['--', '--quick', '--only', 'push'], {});

    expect(config.quick).toBe(true);
    expect([...config.sections]).toEqual(['push']);
    expect(config.writeDoc).toBe(false);
  });

  it('rejects an unknown option', () => {
    expect(() => parseConfig(['--fast'], {})).toThrow(/^Unknown option --fast\./);
  });

  it('writes the page only in a full run', () => {
    expect(parseConfig([], {}).writeDoc).toBe(true);
    expect(parseConfig([], { BENCH_QUICK: '1' }).writeDoc).toBe(false);
  });
});
