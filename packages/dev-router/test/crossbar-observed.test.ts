/**
 * Replays every /publish row of the table of requests sent to Crossbar.io's own
 * HTTP bridge code (fixtures/vectors/crossbar-observed.md): same
 * status and same body shape. The RPC (`call`) rows belong to the caller
 * endpoint and are not replayed here. Rows where Crossbar.io misbehaves carry
 * the dev router's better outcome and say so in `improved`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, type DevRouterOptions, startDevRouter } from '../src/index.js';
import { type BodyShape, expectBodyShape } from './helpers/crossbar-shapes.js';
import { bridgeTimestamp, type HttpResult, type SendOptions, send, sendRaw } from './helpers/http.js';
import { sign } from './helpers/signing.js';

const KEY = 'foobar';
const SECRET = 'secret123';
const BODY = '{"topic":"com.example.topic","args":["hello"]}';
const JSON_CT = { 'content-type': 'application/json' };
/** Base of timestamps that must differ from each other but stay fresh. */
const LOADED_AT = Date.now();

const ID: BodyShape = { kind: 'id' };
const ERROR: BodyShape = { kind: 'bridge-error' };
const EXPIRED: BodyShape = { kind: 'bridge-error', startsWith: 'Request expired' };
const EMPTY: BodyShape = { kind: 'empty' };
const routerError = (uri: string): BodyShape => ({ kind: 'router-error', uri });

type Request = SendOptions | { raw: (host: string) => string };

interface Row {
  case: string;
  status: number;
  shape: BodyShape;
  request: () => Request;
  /** Crossbar.io's own outcome, for rows where the dev router does better. */
  improved?: string;
}

const post = (body: string | Buffer, headers: Record<string, string> = JSON_CT, target = '/publish'): SendOptions => ({ target, headers, body });

type Field = 'key' | 'timestamp' | 'seq' | 'nonce' | 'signature';

interface SignedRequest {
  body?: string | Buffer;
  key?: string;
  secret?: string;
  timestamp?: string;
  seq?: string;
  nonce?: string;
  omit?: Field[];
  /** Turns the correct signature into the one sent. */
  signature?: (correct: string) => string;
  /** Body the signature is computed over, when it differs from the body sent. */
  signedBody?: string;
  /** Builds the query from the encoded pairs, joining them with `&` by default. */
  join?: (pairs: string[]) => string;
  headers?: Record<string, string>;
  chunked?: boolean;
}

let nonceCounter = 1000;

function signed(request: SignedRequest = {}): SendOptions {
  const body = request.body ?? BODY;
  const fields: Record<Field, string> = {
    key: request.key ?? KEY,
    timestamp: request.timestamp ?? bridgeTimestamp(),
    seq: request.seq ?? '1',
    nonce: request.nonce ?? String(nonceCounter++),
    signature: '',
  };
  const correct = sign(request.secret ?? SECRET, fields.key, fields.timestamp, fields.seq, fields.nonce, request.signedBody ?? body);
  fields.signature = request.signature ? request.signature(correct) : correct;

  const names: Field[] = ['key', 'timestamp', 'seq', 'nonce', 'signature'];
  const pairs = names.filter((name) => !request.omit?.includes(name)).map((name) => `${name}=${encodeURIComponent(fields[name])}`);
  const query = (request.join ?? ((all: string[]) => all.join('&')))(pairs);

  return { target: query === '' ? '/publish' : `/publish?${query}`, headers: request.headers ?? JSON_CT, body, chunked: request.chunked ?? false };
}

/** Returns a fresh timestamp whose fraction is cut or padded to `digits` digits. */
function withFraction(digits: number): string {
  const [whole, fraction] = bridgeTimestamp().replace('Z', '').split('.') as [string, string];

  return `${whole}.${fraction.padEnd(digits, '0').slice(0, digits)}Z`;
}

/** Finds a nonce whose correct signature contains '-' or '_', so the standard alphabet differs from base64url. */
function nonceForUrlsafeSignature(timestamp: string): string {
  for (let nonce = 1; ; nonce++) {
    if (/[-_]/u.test(sign(SECRET, KEY, timestamp, '1', String(nonce), BODY))) return String(nonce);
  }
}

function padBody(length: number, valid = true): string {
  const start = '{"topic":"com.example.topic","args":["';
  const end = valid ? '"]}' : '"]';

  return start + 'x'.repeat(length - start.length - end.length) + end;
}

const unsignedRows: Row[] = [
  { case: 'publish, CT application/json', status: 200, shape: ID, request: () => post(BODY) },
  { case: 'publish, no Content-Type header', status: 200, shape: ID, request: () => post(BODY, {}) },
  { case: 'publish, curl default CT (x-www-form-urlencoded)', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'application/x-www-form-urlencoded' }) },
  { case: 'publish, CT text/plain', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'text/plain' }) },
  { case: 'publish, CT application/json; charset=utf-8', status: 200, shape: ID, request: () => post(BODY, { 'content-type': 'application/json; charset=utf-8' }) },
  { case: 'publish, CT application/json; charset=UTF-8', status: 200, shape: ID, request: () => post(BODY, { 'content-type': 'application/json; charset=UTF-8' }) },
  { case: 'publish, CT application/json;charset=utf8', status: 200, shape: ID, request: () => post(BODY, { 'content-type': 'application/json;charset=utf8' }) },
  { case: 'publish, CT Application/JSON', status: 200, shape: ID, request: () => post(BODY, { 'content-type': 'Application/JSON' }) },
  { case: 'publish, CT ...; charset="utf-8" (quoted)', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'application/json; charset="utf-8"' }) },
  { case: 'publish, CT ...; charset=latin-1', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'application/json; charset=latin-1' }) },
  { case: 'publish, CT ...; charset=utf-8; charset=utf-8', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'application/json; charset=utf-8; charset=utf-8' }) },
  { case: 'publish, CT ...; foo=bar (no charset)', status: 200, shape: ID, request: () => post(BODY, { 'content-type': 'application/json; foo=bar' }) },
  { case: 'publish, CT application/json+ld', status: 400, shape: ERROR, request: () => post(BODY, { 'content-type': 'application/ld+json' }) },
  { case: 'body is JSON array', status: 400, shape: ERROR, request: () => post('["com.example.topic"]') },
  { case: 'body is JSON string', status: 400, shape: ERROR, request: () => post('"com.example.topic"') },
  { case: 'body invalid JSON', status: 400, shape: ERROR, request: () => post('{"topic": "com.example.topic",') },
  { case: 'empty body', status: 400, shape: ERROR, request: () => post('') },
  { case: 'body invalid UTF-8', status: 400, shape: ERROR, request: () => post(Buffer.concat([Buffer.from('{"topic":"com.example.topic","args":["'), Buffer.from([0xc3, 0x28]), Buffer.from('"]}')])) },
  { case: 'missing topic', status: 400, shape: ERROR, request: () => post('{"args":["hello"]}') },
  { case: 'topic only', status: 200, shape: ID, request: () => post('{"topic":"com.example.topic"}') },
  { case: 'args [] + kwargs {}', status: 200, shape: ID, request: () => post('{"topic":"com.example.topic","args":[],"kwargs":{}}') },
  { case: 'publish to denied.topic', status: 200, shape: routerError('wamp.error.not_authorized'), request: () => post('{"topic":"denied.topic","args":["x"]}') },
  { case: "topic invalid URI 'com..x'", status: 200, shape: routerError('wamp.error.invalid_uri'), request: () => post('{"topic":"com..x"}'), improved: '500' },
  { case: "topic invalid URI 'a b'", status: 200, shape: routerError('wamp.error.invalid_uri'), request: () => post('{"topic":"a b"}'), improved: '500' },
  { case: 'topic is number', status: 400, shape: ERROR, request: () => post('{"topic":42}'), improved: '500' },
  { case: 'args is a string (splatted!)', status: 400, shape: ERROR, request: () => post('{"topic":"com.example.topic","args":"abc"}'), improved: '200, args split into characters' },
  { case: 'kwargs is a list', status: 400, shape: ERROR, request: () => post('{"topic":"com.example.topic","kwargs":[1,2]}'), improved: '500' },
  { case: 'options (exclude_me/retain/eligible)', status: 200, shape: ID, request: () => post('{"topic":"com.example.topic","args":[1],"options":{"exclude_me":false,"retain":true,"eligible":[123]}}') },
  { case: 'options exclude is not a list', status: 200, shape: ID, request: () => post('{"topic":"com.example.topic","options":{"exclude":123}}') },
  { case: 'unknown top-level field ignored', status: 200, shape: ID, request: () => post('{"topic":"com.example.topic","extra":{"a":1}}') },
  { case: 'GET', status: 405, shape: ERROR, request: () => ({ method: 'GET', target: '/publish' }) },
  { case: 'OPTIONS', status: 200, shape: EMPTY, request: () => ({ method: 'OPTIONS', target: '/publish' }) },
  { case: 'PUT', status: 200, shape: ID, request: () => ({ ...post(BODY), method: 'PUT' }) },
  { case: 'chunked body, no Content-Length', status: 200, shape: ID, request: () => ({ ...post(BODY), chunked: true }) },
  {
    case: 'two identical Content-Length headers',
    status: 400,
    shape: EMPTY,
    request: () => ({ raw: (host) => `POST /publish HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}` }),
  },
  {
    case: 'no Content-Length, no chunking (body ignored)',
    status: 400,
    shape: ERROR,
    request: () => ({ raw: (host) => `POST /publish HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${BODY}` }),
  },
  {
    case: 'two Content-Type headers (2nd ignored)',
    status: 200,
    shape: ID,
    request: () => ({
      raw: (host) => `POST /publish HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`,
    }),
  },
  { case: 'unsigned ep: timestamp w/o fraction', status: 400, shape: ERROR, request: () => post(BODY, JSON_CT, '/publish?timestamp=2026-01-01T00%3A00%3A00Z&seq=1') },
  { case: 'unsigned ep: stale timestamp', status: 400, shape: EXPIRED, request: () => post(BODY, JSON_CT, `/publish?timestamp=${encodeURIComponent(bridgeTimestamp(-3_600_000))}&seq=1`) },
  { case: 'unsigned ep: fresh timestamp', status: 200, shape: ID, request: () => post(BODY, JSON_CT, `/publish?timestamp=${encodeURIComponent(bridgeTimestamp())}&seq=1`) },
  { case: 'unsigned ep: seq=abc', status: 400, shape: ERROR, request: () => post(BODY, JSON_CT, '/publish?seq=abc') },
  { case: 'unsigned ep: nonce=1.5', status: 400, shape: ERROR, request: () => post(BODY, JSON_CT, '/publish?nonce=1.5') },
  { case: 'unsigned ep: key+signature garbage', status: 200, shape: ID, request: () => post(BODY, JSON_CT, '/publish?key=nobody&signature=garbage') },
];

const signedRows: Row[] = [
  { case: "signed, valid, signature '=' as %3D", status: 200, shape: ID, request: () => signed() },
  { case: "signed, valid, raw '=' in query", status: 200, shape: ID, request: () => signed({ join: (pairs) => pairs.join('&').replace(/%3D$/u, '=') }) },
  { case: "signature without '=' padding", status: 401, shape: ERROR, request: () => signed({ signature: (correct) => correct.replace(/=+$/u, '') }) },
  { case: 'wrong signature', status: 401, shape: ERROR, request: () => signed({ secret: 'not-the-secret' }) },
  { case: 'signature over different body', status: 401, shape: ERROR, request: () => signed({ signedBody: '{"topic":"com.example.other"}' }) },
  { case: 'unknown key', status: 401, shape: ERROR, request: () => signed({ key: 'unknown' }) },
  { case: 'no query at all', status: 400, shape: ERROR, request: () => post(BODY) },
  { case: 'missing key', status: 400, shape: ERROR, request: () => signed({ omit: ['key'] }) },
  { case: 'missing timestamp', status: 400, shape: ERROR, request: () => signed({ omit: ['timestamp'] }) },
  { case: 'missing seq', status: 400, shape: ERROR, request: () => signed({ omit: ['seq'] }) },
  { case: 'missing nonce', status: 400, shape: ERROR, request: () => signed({ omit: ['nonce'] }) },
  { case: 'missing signature', status: 400, shape: ERROR, request: () => signed({ omit: ['signature'] }) },
  { case: 'timestamp w/o fraction (2026-01-01T00:00:00Z)', status: 400, shape: ERROR, request: () => signed({ timestamp: '2026-01-01T00:00:00Z' }) },
  { case: 'timestamp now w/o fraction', status: 400, shape: ERROR, request: () => signed({ timestamp: bridgeTimestamp().replace(/\.\d+Z$/u, 'Z') }) },
  { case: 'timestamp 1-digit fraction', status: 200, shape: ID, request: () => signed({ timestamp: withFraction(1) }) },
  { case: 'timestamp 6-digit fraction', status: 200, shape: ID, request: () => signed({ timestamp: withFraction(6) }) },
  { case: 'timestamp 9-digit fraction', status: 400, shape: ERROR, request: () => signed({ timestamp: withFraction(9) }) },
  { case: 'timestamp lowercase t/z', status: 200, shape: ID, request: () => signed({ timestamp: bridgeTimestamp().replace('T', 't').replace('Z', 'z') }) },
  { case: 'timestamp +00:00 instead of Z', status: 400, shape: ERROR, request: () => signed({ timestamp: bridgeTimestamp().replace('Z', '+00:00') }) },
  { case: 'timestamp 10 min in past', status: 400, shape: EXPIRED, request: () => signed({ timestamp: bridgeTimestamp(-600_000) }) },
  { case: 'timestamp 10 min in future', status: 400, shape: EXPIRED, request: () => signed({ timestamp: bridgeTimestamp(600_000) }) },
  { case: 'timestamp 4 min in past (within 300s)', status: 200, shape: ID, request: () => signed({ timestamp: bridgeTimestamp(-240_000) }) },
  { case: 'seq non-integer (abc)', status: 400, shape: ERROR, request: () => signed({ seq: 'abc' }) },
  { case: 'seq negative (-5)', status: 200, shape: ID, request: () => signed({ seq: '-5' }) },
  { case: 'seq huge (2^64+1)', status: 200, shape: ID, request: () => signed({ seq: '18446744073709551617' }) },
  { case: 'nonce non-integer (1e3)', status: 400, shape: ERROR, request: () => signed({ nonce: '1e3' }) },
  // The two requests reuse nonce 0 with different timestamps: a new (timestamp, nonce) pair, so no replay.
  { case: 'nonce 0 (repeat same nonce twice: 1st)', status: 200, shape: ID, request: () => signed({ nonce: '0', timestamp: new Date(LOADED_AT - 1).toISOString() }) },
  { case: 'nonce 0 (repeat same nonce twice: 2nd)', status: 200, shape: ID, request: () => signed({ nonce: '0', timestamp: new Date(LOADED_AT - 2).toISOString() }) },
  { case: 'signed + CT text/plain (checked before sig)', status: 400, shape: ERROR, request: () => signed({ headers: { 'content-type': 'text/plain' } }) },
  { case: 'signed + no CT header', status: 200, shape: ID, request: () => signed({ headers: {} }) },
  { case: 'signed + CT with charset', status: 200, shape: ID, request: () => signed({ headers: { 'content-type': 'application/json; charset=utf-8' } }) },
  { case: 'valid sig but body is array', status: 400, shape: ERROR, request: () => signed({ body: '["com.example.topic"]' }) },
  { case: 'valid sig but topic missing', status: 400, shape: ERROR, request: () => signed({ body: '{"args":[1]}' }) },
  { case: 'valid sig, denied.topic', status: 200, shape: routerError('wamp.error.not_authorized'), request: () => signed({ body: '{"topic":"denied.topic"}' }) },
  {
    case: 'standard base64 (+,/) percent-encoded',
    status: 401,
    shape: ERROR,
    request: () => {
      const timestamp = bridgeTimestamp();
      const nonce = nonceForUrlsafeSignature(timestamp);

      return signed({ timestamp, nonce, signature: (correct) => correct.replaceAll('-', '+').replaceAll('_', '/') });
    },
  },
  {
    case: 'urlsafe sig containing -/_ (control)',
    status: 200,
    shape: ID,
    request: () => {
      const timestamp = bridgeTimestamp();

      return signed({ timestamp, nonce: nonceForUrlsafeSignature(timestamp) });
    },
  },
  { case: 'unknown non-ASCII key (%C3%A9)', status: 401, shape: ERROR, request: () => signed({ key: 'é' }), improved: '500' },
  { case: 'non-ASCII timestamp', status: 400, shape: ERROR, request: () => signed({ timestamp: `${bridgeTimestamp().slice(0, 20)}é` }), improved: '500' },
  { case: 'duplicate seq param (first wins)', status: 200, shape: ID, request: () => signed({ join: (pairs) => `${pairs.join('&')}&seq=999` }) },
  { case: "params separated by ';' instead of '&'", status: 200, shape: ID, request: () => signed({ join: (pairs) => pairs.join(';') }) },
  { case: 'signed non-ASCII UTF-8 body', status: 200, shape: ID, request: () => signed({ body: '{"topic":"com.example.topic","args":["Grüße, 世界 🚀"]}' }) },
  { case: 'signed + chunked body', status: 200, shape: ID, request: () => signed({ chunked: true }) },
];

const limit64Rows: Row[] = [
  { case: 'body exactly 64 bytes', status: 200, shape: ID, request: () => post(padBody(64)) },
  { case: 'body 65 bytes', status: 413, shape: ERROR, request: () => post(padBody(65)) },
  { case: '65 bytes chunked (no Content-Length)', status: 413, shape: ERROR, request: () => ({ ...post(padBody(65)), chunked: true }) },
  { case: '65 bytes invalid JSON (limit checked first)', status: 413, shape: ERROR, request: () => post(padBody(65, false)) },
  { case: '65 bytes + CT text/plain (CT checked first)', status: 400, shape: ERROR, request: () => post(padBody(65), { 'content-type': 'text/plain' }) },
];

const signedLimit16Rows: Row[] = [
  { case: 'oversized + bad signature -> which first?', status: 413, shape: ERROR, request: () => signed({ body: padBody(62), secret: 'not-the-secret' }) },
];

const deltaZeroRows: Row[] = [{ case: 'year-2001 timestamp, delta limit 0', status: 200, shape: ID, request: () => signed({ timestamp: '2001-01-01T00:00:00.000Z' }) }];

// The dev router requires key and secret together, so "key but no secret"
// is configured as no credentials, which behaves the same: unsigned requests pass.
const keyOnlyRows: Row[] = [
  { case: 'key but no secret configured: unsigned request', status: 200, shape: ID, request: () => post(BODY) },
  { case: 'key but no secret: wrong key/signature sent', status: 200, shape: ID, request: () => signed({ key: 'wrong', secret: 'wrong' }) },
];

const groups: { group: string; options: DevRouterOptions; rows: Row[] }[] = [
  { group: 'A-unsig', options: {}, rows: unsignedRows },
  { group: 'B-signed', options: { key: KEY, secret: SECRET }, rows: signedRows },
  { group: 'C-limit64', options: { postBodyLimit: 64 }, rows: limit64Rows },
  { group: 'D-sig+lim', options: { key: KEY, secret: SECRET, postBodyLimit: 16 }, rows: signedLimit16Rows },
  { group: 'E-delta0', options: { key: KEY, secret: SECRET, timestampDeltaLimit: 0 }, rows: deltaZeroRows },
  { group: 'F-keyonly', options: {}, rows: keyOnlyRows },
];

async function perform(router: DevRouter, request: Request): Promise<Pick<HttpResult, 'status' | 'text'>> {
  if ('raw' in request) {
    const response = await sendRaw(router.url, request.raw(`${router.host}:${router.port}`));
    const bodyStart = response.text.indexOf('\r\n\r\n');

    return { status: response.status, text: response.text.slice(bodyStart + 4) };
  }

  return send(router.url, request);
}

for (const { group, options, rows } of groups) {
  describe(`crossbar observed ${group}`, () => {
    let router: DevRouter;
    beforeAll(async () => {
      router = await startDevRouter(options);
    });
    afterAll(() => router.close());

    it.each(rows)('$case -> $status', async (row) => {
      const response = await perform(router, row.request());

      expect(response.status).toBe(row.status);
      expectBodyShape(response.text, row.shape);
    });
  });
}

describe('crossbar observed table', () => {
  const table = readFileSync(new URL('../../../fixtures/vectors/crossbar-observed.md', import.meta.url), 'utf8');
  const observed = table
    .split('\n')
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /u, '').trim()))
    .filter((cells) => /^[A-F]-/u.test(cells[0] ?? '') && !/\bcall\b|\/call/u.test(cells[1] ?? ''))
    .map(([group, name, status]) => ({ group: group!, name: name!, status: Number(status) }));

  it('replays every publish row', () => {
    const replayed = groups.flatMap(({ group, rows }) => rows.map((row) => `${group} ${row.case}`));

    expect(replayed.sort()).toEqual(observed.map(({ group, name }) => `${group} ${name}`).sort());
  });

  it('keeps observed statuses unless improved', () => {
    for (const { group, name, status } of observed) {
      const row = groups.find((entry) => entry.group === group)?.rows.find((candidate) => candidate.case === name);
      if (row === undefined || row.improved !== undefined) continue;

      expect({ group, name, status: row.status }).toEqual({ group, name, status });
    }
  });
});
