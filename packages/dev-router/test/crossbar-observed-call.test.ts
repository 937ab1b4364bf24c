/**
 * Replays every `/call` row of the table of requests sent to Crossbar.io's
 * own HTTP bridge code (fixtures/vectors/crossbar-observed.md) against
 * autobahn-js callees: same status and same body. Results and callee errors
 * are compared byte for byte. Rows where Crossbar.io misbehaves carry the dev
 * router's better outcome and record Crossbar.io's in `improved`.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevRouter, type DevRouterOptions, startDevRouter } from '../src/index.js';
import type { Client } from './helpers/autobahn-client.js';
import { connectCallee, ECHO, FAIL, registerStandardProcedures } from './helpers/callees.js';
import { type BodyShape, expectBodyShape } from './helpers/crossbar-shapes.js';
import { bridgeTimestamp, type SendOptions, send } from './helpers/http.js';
import { signedTarget } from './helpers/signing.js';

const KEY = 'foobar';
const SECRET = 'secret123';
const JSON_CT = { 'content-type': 'application/json' };

/** The exact response text, or the shape of a bridge or router error whose message is the dev router's own. */
type Expected = { text: string } | BodyShape;

interface Row {
  case: string;
  status: number;
  expected: Expected;
  request: () => SendOptions;
  /** Crossbar.io's own outcome, for rows where the dev router does better. */
  improved?: string;
}

const call = (body: unknown): SendOptions => ({ target: '/call', headers: JSON_CT, body: JSON.stringify(body) });

let nonce = 1;
const signedCall = (body: unknown): SendOptions => {
  const text = JSON.stringify(body);

  return { target: signedTarget('/call', KEY, SECRET, text, { timestamp: bridgeTimestamp(), nonce: String(nonce++) }), headers: JSON_CT, body: text };
};

const exact = (body: unknown): Expected => ({ text: JSON.stringify(body) });
const ERROR: BodyShape = { kind: 'bridge-error' };
const routerError = (uri: string): BodyShape => ({ kind: 'router-error', uri });
const CALLEE_ERROR = exact({ error: 'com.example.error', args: ['boom'], kwargs: {} });

const unsignedRows: Row[] = [
  { case: 'call happy path (2 args + kwargs)', status: 200, expected: exact({ args: [1, 2], kwargs: { x: 1 } }), request: () => call({ procedure: ECHO, args: [1, 2], kwargs: { x: 1 } }) },
  { case: 'call single arg', status: 200, expected: exact({ args: [5] }), request: () => call({ procedure: ECHO, args: [5] }) },
  { case: 'call no args', status: 200, expected: exact({ args: [null] }), request: () => call({ procedure: ECHO }) },
  { case: 'call kwargs only', status: 200, expected: exact({ kwargs: { k: 'v' } }), request: () => call({ procedure: ECHO, kwargs: { k: 'v' } }) },
  { case: 'call error path (com.example.fail)', status: 200, expected: CALLEE_ERROR, request: () => call({ procedure: FAIL }) },
  { case: 'call denied.proc', status: 200, expected: routerError('wamp.error.not_authorized'), request: () => call({ procedure: 'denied.proc' }) },
  { case: 'call missing procedure', status: 400, expected: ERROR, request: () => call({ args: [1] }) },
  { case: "call invalid URI 'com..x'", status: 200, expected: routerError('wamp.error.invalid_uri'), request: () => call({ procedure: 'com..x' }), improved: '500' },
  { case: 'call with topic instead of procedure', status: 400, expected: ERROR, request: () => call({ topic: ECHO, args: [1] }) },
  { case: 'publish body to /call w/ both keys', status: 200, expected: exact({ args: [1, 2] }), request: () => call({ topic: 'com.example.topic', procedure: ECHO, args: [1, 2] }) },
];

const signedRows: Row[] = [
  { case: 'signed call happy path', status: 200, expected: exact({ args: [2, 3] }), request: () => signedCall({ procedure: ECHO, args: [2, 3] }) },
  { case: 'signed call error path', status: 200, expected: CALLEE_ERROR, request: () => signedCall({ procedure: FAIL }) },
  { case: 'unsigned call to signed ep', status: 400, expected: ERROR, request: () => call({ procedure: ECHO, args: [2, 3] }) },
];

const groups: { group: string; options: DevRouterOptions; rows: Row[] }[] = [
  { group: 'A-unsig', options: {}, rows: unsignedRows },
  { group: 'B-signed', options: { key: KEY, secret: SECRET }, rows: signedRows },
];

for (const { group, options, rows } of groups) {
  describe(`crossbar observed call ${group}`, () => {
    let router: DevRouter;
    let callee: Client;
    beforeAll(async () => {
      router = await startDevRouter(options);
      callee = await connectCallee(router);
      await registerStandardProcedures(callee);
    });
    afterAll(async () => {
      await callee.close();
      await router.close();
    });

    it.each(rows)('$case -> $status', async (row) => {
      const response = await send(router.url, row.request());

      expect(response.status).toBe(row.status);
      if ('text' in row.expected) expect(response.text).toBe(row.expected.text);
      else expectBodyShape(response.text, row.expected);
    });
  });
}

describe('crossbar observed call table', () => {
  const table = readFileSync(new URL('../../../fixtures/vectors/crossbar-observed.md', import.meta.url), 'utf8');
  const observed = table
    .split('\n')
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /u, '').trim()))
    .filter((cells) => /^[A-F]-/u.test(cells[0] ?? '') && /\bcall\b|\/call/u.test(cells[1] ?? ''))
    .map(([group, name, status, body]) => ({ group: group!, name: name!, status: Number(status), body: body!.replace(/\s*\|$/u, '').replace(/^`|`$/gu, '') }));

  it('replays every call row', () => {
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

  it('keeps observed result bodies', () => {
    for (const { group, name, body } of observed) {
      const row = groups.find((entry) => entry.group === group)?.rows.find((candidate) => candidate.case === name);
      if (row === undefined || !('text' in row.expected)) continue;

      expect({ group, name, body: JSON.parse(row.expected.text) }).toEqual({ group, name, body: JSON.parse(body) });
    }
  });
});
