import { describe, expect, it } from 'vitest';
import { parseSessionId } from '../src/sender-session.js';

describe('parseSessionId', () => {
  it.each([
    ['1', 1],
    ['123456789', 123456789],
    ['9007199254740992', 2 ** 53],
    [42, 42],
    [2 ** 53, 2 ** 53],
  ])('accepts %j', (value, expected) => {
    expect(parseSessionId(value, 'crossbar')).toBe(expected);
  });

  it.each([
    '0',
    '-1',
    '+1',
    '01',
    '1.0',
    '1e3',
    '0x10',
    ' 1',
    '1 ',
    '9007199254740993',
    '99999999999999999',
    '1, 2',
    'abc',
    '',
    0,
    -1,
    1.5,
    2 ** 53 + 2,
    Number.NaN,
    null,
    true,
    ['1'],
    { id: 1 },
  ])('rejects %j on crossbar', (value) => {
    expect(parseSessionId(value, 'crossbar')).toBeUndefined();
  });

  it('accepts WAMP v1 string IDs on appliance', () => {
    expect(parseSessionId('Lu0tSx0nD3ZfJ0r4', 'appliance')).toBe('Lu0tSx0nD3ZfJ0r4');
    expect(parseSessionId('12', 'appliance')).toBe(12);
  });

  it.each(['a,b', 'a b', 'a\nb', 'x'.repeat(65), ''])('rejects %j on appliance', (value) => {
    expect(parseSessionId(value, 'appliance')).toBeUndefined();
  });
});
