import { describe, expect, it } from 'vitest';
import {
  buildApplianceRequest,
  buildCrossbarRequest,
  createSigningKey,
  signApplianceRequest,
  signCrossbarRequest,
  verifyApplianceSignature,
  verifyCrossbarSignature,
} from '../src/index.js';
import {
  applianceVectors,
  crossbarVectors,
  observedApplianceVectors,
  observedVectors,
} from './support/vectors.js';

describe('crossbar signature vectors', () => {
  it.each(crossbarVectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    expect(Buffer.from(vector.body, 'utf8').toString('hex')).toBe(vector.body_utf8_hex);

    const signature = signCrossbarRequest(vector.secret, vector);
    expect(signature).toBe(vector.signature);
    expect(signCrossbarRequest(createSigningKey(vector.secret), vector)).toBe(vector.signature);
    expect(verifyCrossbarSignature(vector.secret, vector, vector.signature)).toBe(true);

    const request = buildCrossbarRequest({
      url: 'http://127.0.0.1:8080/publish',
      body: vector.body,
      seq: vector.seq,
      nonce: vector.nonce,
      timestamp: vector.timestamp,
      credentials: { key: vector.key, secret: vector.secret },
    });
    expect(request.url).toBe(`http://127.0.0.1:8080/publish?${vector.query}`);
    expect(request.body).toBe(vector.body);
    expect(request.headers['content-length']).toBe(String(vector.body_utf8_hex.length / 2));
  });
});

describe('crossbar vectors accepted by the Crossbar bridge', () => {
  it.each(observedVectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
    const input = { ...vector, body: Buffer.from(vector.body_utf8_hex, 'hex') };
    expect(signCrossbarRequest(vector.secret, input)).toBe(vector.expected_signature);

    const message = Buffer.concat([
      Buffer.from(vector.key + vector.timestamp + vector.seq + vector.nonce, 'utf8'),
      input.body,
    ]);
    expect(message.toString('hex')).toBe(vector.hmac_message_utf8_hex);

    const query = new URLSearchParams(vector.example_request_target.split('?')[1]);
    expect(query.get('signature')).toBe(vector.expected_signature);
  });

  it('rejects a signature without padding', () => {
    const vector = observedVectors[0]!;
    const unpadded = vector.expected_signature.replace(/=+$/, '');
    expect(verifyCrossbarSignature(vector.secret, vector, unpadded)).toBe(false);
  });
});

describe('appliance signature vectors', () => {
  it.each(applianceVectors.map((vector) => [vector.name, vector] as const))('%s', (_name, vector) => {
    const input = {
      topic: vector.topicuri,
      key: vector.appkey,
      timestamp: vector.timestamp,
      body: vector.body,
    };
    expect(signApplianceRequest(vector.appsecret, input)).toBe(vector.signature);
    expect(verifyApplianceSignature(vector.appsecret, input, vector.signature)).toBe(true);

    const expected = new URLSearchParams(vector.query);
    const request = buildApplianceRequest({
      url: 'http://127.0.0.1:8080/push',
      topic: vector.topicuri,
      body: vector.body,
      timestamp: vector.timestamp,
      credentials: { key: vector.appkey, secret: vector.appsecret },
      exclude: expected.get('exclude')?.split(','),
      eligible: expected.get('eligible')?.split(','),
    });
    const sent = new URL(request.url).searchParams;
    for (const [name, value] of expected) {
      expect(sent.get(name)).toBe(value);
    }
    expect(sent.get('topic')).toBe(vector.topicuri);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body).toBe(vector.body);
  });

  it.each(observedApplianceVectors.map((vector) => [vector.id, vector] as const))(
    '%s',
    (_id, vector) => {
      const input = {
        topic: vector.topicuri,
        key: vector.appkey,
        timestamp: vector.timestamp,
        body: Buffer.from(vector.body_utf8_hex, 'hex'),
      };
      expect(signApplianceRequest(vector.appsecret, input)).toBe(vector.expected_signature);
    },
  );
});
