import { readFileSync } from 'node:fs';

const root = new URL('../../../../fixtures/vectors/', import.meta.url);

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, root), 'utf8')) as T;
}

export interface CrossbarVector {
  name: string;
  protocol: 'crossbar';
  key: string;
  secret: string;
  timestamp: string;
  seq: number;
  nonce: number;
  body: string;
  body_utf8_hex: string;
  signature: string;
  query: string;
}

export interface ApplianceVector {
  name: string;
  protocol: 'appliance';
  appkey: string;
  appsecret: string;
  topicuri: string;
  timestamp: string;
  body: string;
  signature: string;
  query: string;
}

export interface ObservedVector {
  id: string;
  path: string;
  key: string;
  secret: string;
  timestamp: string;
  seq: string;
  nonce: string;
  body: string;
  body_utf8_hex: string;
  hmac_message_utf8_hex: string;
  expected_signature: string;
  example_request_target: string;
}

export interface ObservedApplianceVector {
  id: string;
  appkey: string;
  appsecret: string;
  topicuri: string;
  timestamp: string;
  body: string;
  body_utf8_hex: string;
  expected_signature: string;
}

const signatures = load<{ vectors: (CrossbarVector | ApplianceVector)[] }>('signatures.json');
const observed = load<{
  vectors: ObservedVector[];
  appliance_dialect: { vectors: ObservedApplianceVector[] };
}>('crossbar-observed.json');

export const crossbarVectors = signatures.vectors.filter(
  (vector): vector is CrossbarVector => vector.protocol === 'crossbar',
);
export const applianceVectors = signatures.vectors.filter(
  (vector): vector is ApplianceVector => vector.protocol === 'appliance',
);
export const observedVectors = observed.vectors;
export const observedApplianceVectors = observed.appliance_dialect.vectors;
