import { execFileSync } from 'node:child_process';
import type { PushHttpRequest } from '@autobahnpush/core';
import { describe, expect, it } from 'vitest';
import { formatCurl, maskRequest } from '../src/request-preview.js';
import { shellQuote } from '../src/shell-quote.js';

const REQUEST: PushHttpRequest = {
  method: 'POST',
  url: 'http://127.0.0.1:8080/publish?timestamp=T&seq=1&key=foobar&nonce=5&signature=abc%3D',
  headers: { 'content-type': 'application/json', 'content-length': '2', authorization: 'Bearer t' },
  body: '{}',
};

describe('shellQuote', () => {
  it('leaves plain words unquoted', () => {
    expect(shellQuote('http://127.0.0.1:8080/publish')).toBe('http://127.0.0.1:8080/publish');
  });

  it('quotes text the shell would change', () => {
    for (const text of ["it's", '$HOME `x` "y"', 'a&b', '', '{"a":[1, 2]}']) {
      expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(text)}`], { encoding: 'utf8' })).toBe(text);
    }
  });
});

describe('maskRequest', () => {
  it('masks key, signature and credential headers', () => {
    const masked = maskRequest(REQUEST);

    expect(masked.url).toBe('http://127.0.0.1:8080/publish?timestamp=T&seq=1&key=***&nonce=5&signature=***');
    expect(masked.headers).toEqual({ 'content-type': 'application/json', 'content-length': '2', authorization: '***' });
    expect(masked.body).toBe('{}');
  });

  it('masks appkey of the appliance', () => {
    expect(maskRequest({ ...REQUEST, url: 'http://h/push?topicuri=t&appkey=k&signature=s' }).url).toBe(
      'http://h/push?topicuri=t&appkey=***&signature=***',
    );
  });
});

describe('formatCurl', () => {
  it('sends headers and body without content-length', () => {
    expect(formatCurl(REQUEST)).toBe(
      `curl -X POST '${REQUEST.url}' -H 'content-type: application/json' -H 'authorization: Bearer t' --data-binary '{}'`,
    );
  });
});
