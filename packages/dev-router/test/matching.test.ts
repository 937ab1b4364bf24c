import { describe, expect, it } from 'vitest';
import { isValidTopicPattern, isValidUri } from '../src/uri.js';
import { topicMatches } from '../src/wamp/subscriptions.js';
import { MAX_WAMP_ID, randomWampId } from '../src/ids.js';

describe('uri rules', () => {
  it.each(['com.example.topic', 'a', 'com.Example-1.x_y', 'http://example.com/topic1'])('accepts %s', (uri) => {
    expect(isValidUri(uri)).toBe(true);
  });

  it.each(['', 'com..x', 'a b', '.a', 'a.', 'com.example#x', 42])('rejects %j', (uri) => {
    expect(isValidUri(uri)).toBe(false);
  });

  it('allows trailing dot for prefix', () => {
    expect(isValidTopicPattern('com.example.', 'prefix')).toBe(true);
    expect(isValidTopicPattern('com.example.', 'exact')).toBe(false);
  });

  it('allows empty components for wildcard', () => {
    expect(isValidTopicPattern('com..update', 'wildcard')).toBe(true);
    expect(isValidTopicPattern('com..update', 'exact')).toBe(false);
  });
});

describe('topic matching', () => {
  it.each([
    ['com.example', 'exact', 'com.example', true],
    ['com.example', 'exact', 'com.example.a', false],
    ['com.example', 'prefix', 'com.example.a', true],
    ['com.example', 'prefix', 'com.examples', true],
    ['com.example', 'prefix', 'com.exampl', false],
    ['com..update', 'wildcard', 'com.user.update', true],
    ['com..update', 'wildcard', 'com.user.x.update', false],
    ['com..update', 'wildcard', 'org.user.update', false],
    ['.a.', 'wildcard', 'x.a.y', true],
  ] as const)('%s %s %s is %s', (pattern, match, topic, expected) => {
    expect(topicMatches(pattern, match, topic)).toBe(expected);
  });
});

describe('wamp ids', () => {
  it('stay in 1..2^53', () => {
    const ids = Array.from({ length: 1000 }, () => randomWampId());

    expect(ids.every((id) => Number.isInteger(id) && id >= 1 && id <= MAX_WAMP_ID)).toBe(true);
    expect(new Set(ids).size).toBe(1000);
    expect(ids.some((id) => id > 2 ** 48)).toBe(true);
  });
});
