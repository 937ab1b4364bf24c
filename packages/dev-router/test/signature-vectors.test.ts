/**
 * Signature vectors that Crossbar.io's bridge accepted (or rejected), and
 * the signing vectors of both protocols: the router must accept each
 * accepted vector byte for byte and give each rejected one its status.
 */
import { describe, expect, it } from 'vitest';
import { startDevRouter } from '../src/index.js';
import { connectClient, recordEvents } from './helpers/autobahn-client.js';
import { expectBodyShape } from './helpers/crossbar-shapes.js';
import { readVectors } from './helpers/fixtures.js';
import { send } from './helpers/http.js';

interface ObservedVector {
  id: string;
  path: string;
  key: string;
  secret: string;
  body_utf8_hex: string;
  example_request_target: string;
  accepted: { wamp: { topic?: string; args: unknown[]; kwargs: Record<string, unknown> } };
}

interface RejectedVector {
  name: string;
  based_on: string;
  request_target: string;
  status: number;
}

interface ApplianceDialectVector {
  id: string;
  appkey: string;
  appsecret: string;
  body_utf8_hex: string;
  expected_signature: string;
  example_request_target: string;
}

interface SigningVector {
  name: string;
  protocol: 'crossbar' | 'appliance';
  key?: string;
  secret?: string;
  appkey?: string;
  appsecret?: string;
  body_utf8_hex: string;
  query: string;
}

const observed = readVectors<{
  vectors: ObservedVector[];
  rejected: RejectedVector[];
  appliance_dialect: { vectors: ApplianceDialectVector[]; rejected: { name: string; based_on: string; signature: string }[] };
}>('crossbar-observed.json');
const signing = readVectors<{ vectors: SigningVector[] }>('signatures.json');

const JSON_CT = { 'content-type': 'application/json' };
const FORM_CT = { 'content-type': 'application/x-www-form-urlencoded' };
const publishVectors = observed.vectors.filter((vector) => vector.path === '/publish');

describe('crossbar observed vectors', () => {
  it.each(publishVectors.map((vector) => [vector.id, vector] as const))('%s is accepted and delivered', async (_id, vector) => {
    const router = await startDevRouter({ key: vector.key, secret: vector.secret, timestampDeltaLimit: 0 });
    const client = await connectClient(router);
    try {
      const topic = vector.accepted.wamp.topic!;
      const recorder = await recordEvents(client, topic);

      const response = await send(router.url, { target: vector.example_request_target, headers: JSON_CT, body: Buffer.from(vector.body_utf8_hex, 'hex') });

      expect(response.status).toBe(200);
      expectBodyShape(response.text, { kind: 'id' });
      await recorder.waitFor(1);
      expect(recorder.events[0]!.args).toEqual(vector.accepted.wamp.args);
      expect(recorder.events[0]!.kwargs).toEqual(vector.accepted.wamp.kwargs);
      expect(recorder.events[0]!.details.publication).toBe(JSON.parse(response.text).id);
    } finally {
      await client.close();
      await router.close();
    }
  });

  it.each(observed.rejected.map((vector) => [vector.name, vector] as const))('rejects %s', async (_name, rejected) => {
    const base = observed.vectors.find((vector) => vector.id === rejected.based_on)!;
    const usesDefaultWindow = rejected.name.includes('default timestamp_delta_limit');
    const router = await startDevRouter({ key: base.key, secret: base.secret, timestampDeltaLimit: usesDefaultWindow ? 300 : 0 });
    try {
      const response = await send(router.url, { target: rejected.request_target, headers: JSON_CT, body: Buffer.from(base.body_utf8_hex, 'hex') });

      expect(response.status).toBe(rejected.status);
      expectBodyShape(response.text, usesDefaultWindow ? { kind: 'bridge-error', startsWith: 'Request expired' } : { kind: 'bridge-error' });
    } finally {
      await router.close();
    }
  });
});

describe('appliance dialect vectors', () => {
  const pushTarget = (target: string): string => target.replace(/^\/\?/u, '/push?');

  it.each(observed.appliance_dialect.vectors.map((vector) => [vector.id, vector] as const))('%s is accepted', async (_id, vector) => {
    const router = await startDevRouter({ key: vector.appkey, secret: vector.appsecret, timestampDeltaLimit: 0 });
    try {
      const response = await send(router.url, { target: pushTarget(vector.example_request_target), headers: FORM_CT, body: Buffer.from(vector.body_utf8_hex, 'hex') });

      expect(response.status).toBe(202);
      expect(response.text).toBe('');
    } finally {
      await router.close();
    }
  });

  it.each(observed.appliance_dialect.rejected.map((vector) => [vector.name, vector] as const))('rejects %s', async (_name, rejected) => {
    const base = observed.appliance_dialect.vectors.find((vector) => vector.id === rejected.based_on)!;
    const router = await startDevRouter({ key: base.appkey, secret: base.appsecret, timestampDeltaLimit: 0 });
    try {
      const target = pushTarget(base.example_request_target).replace(encodeURIComponent(base.expected_signature), encodeURIComponent(rejected.signature));
      const response = await send(router.url, { target, headers: FORM_CT, body: Buffer.from(base.body_utf8_hex, 'hex') });

      expect(target).not.toContain(encodeURIComponent(base.expected_signature));
      expect(response.status).toBe(401);
      expect(response.text).toMatch(/^Invalid signature: .+\n$/u);
    } finally {
      await router.close();
    }
  });
});

describe('signing vectors', () => {
  it.each(signing.vectors.map((vector) => [vector.name, vector] as const))('%s is accepted', async (_name, vector) => {
    const crossbar = vector.protocol === 'crossbar';
    const router = await startDevRouter({
      key: crossbar ? vector.key! : vector.appkey!,
      secret: crossbar ? vector.secret! : vector.appsecret!,
      timestampDeltaLimit: 0,
    });
    try {
      const response = await send(router.url, {
        target: `${crossbar ? '/publish' : '/push'}?${vector.query}`,
        headers: crossbar ? JSON_CT : FORM_CT,
        body: Buffer.from(vector.body_utf8_hex, 'hex'),
      });

      expect(response.status).toBe(crossbar ? 200 : 202);
      if (crossbar) expectBodyShape(response.text, { kind: 'id' });
      else expect(response.text).toBe('');
    } finally {
      await router.close();
    }
  });
});
