import { describe, expect, it } from 'vitest';
import { parseQuery } from '../src/http/query.js';

const asText = (query: string): Record<string, string> => Object.fromEntries([...parseQuery(query)].map(([name, value]) => [name, value.toString('utf8')]));

describe('query parsing', () => {
  it('splits on ampersand and semicolon', () => {
    expect(asText('a=1;b=2&c=3')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('decodes plus as space', () => {
    expect(asText('key=app+key%2B')).toEqual({ key: 'app key+' });
  });

  it('keeps first duplicate', () => {
    expect(asText('seq=1&seq=2')).toEqual({ seq: '1' });
  });

  it('skips pairs without equals sign', () => {
    expect(asText('flag&a=&b=x=y')).toEqual({ a: '', b: 'x=y' });
  });

  it('keeps invalid percent escapes', () => {
    expect(asText('a=100%&b=%zz')).toEqual({ a: '100%', b: '%zz' });
  });

  it('returns raw bytes', () => {
    expect(parseQuery('k=%C3%A9%FF').get('k')).toEqual(Buffer.from([0xc3, 0xa9, 0xff]));
  });
});
