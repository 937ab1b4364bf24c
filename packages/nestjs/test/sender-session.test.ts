import { describe, expect, it } from 'vitest';
import { readSenderSession } from '../src/sender-session.js';

const header = 'x-wamp-session-id';
const requestWith = (value: unknown) => ({ headers: { [header]: value } });

describe('readSenderSession', () => {
  it.each([
    ['1', 1],
    ['8412345678901', 8412345678901],
    ['9007199254740992', 2 ** 53],
  ])('reads %s on crossbar', (value, expected) => {
    expect(readSenderSession(requestWith(value), header, 'crossbar')).toBe(expected);
  });

  it.each(['0', '-3', '+3', '1.5', '1e3', ' 12', '012', 'abc', '9007199254740993', '12, 13', ''])(
    'rejects %j on crossbar',
    (value) => {
      expect(readSenderSession(requestWith(value), header, 'crossbar')).toBeNull();
    },
  );

  it('rejects a repeated header', () => {
    expect(readSenderSession(requestWith(['1', '2']), header, 'crossbar')).toBeNull();
  });

  it('returns undefined without the header', () => {
    expect(readSenderSession({ headers: {} }, header, 'crossbar')).toBeUndefined();
    expect(readSenderSession(undefined, header, 'crossbar')).toBeUndefined();
  });

  it('accepts URL-safe strings on the appliance', () => {
    expect(readSenderSession(requestWith('Lu0tSx0nD3ZfJ0r4'), header, 'appliance')).toBe('Lu0tSx0nD3ZfJ0r4');
    expect(readSenderSession(requestWith('42'), header, 'appliance')).toBe(42);
  });

  it.each(['a,b', 'a b', 'x'.repeat(65), 'ünï'])('rejects %j on the appliance', (value) => {
    expect(readSenderSession(requestWith(value), header, 'appliance')).toBeNull();
  });
});
