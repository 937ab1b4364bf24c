// Starts the dev router with a key and secret, connects two autobahn-js subscribers,
// pushes signed events through Client in both protocols and prints what each subscriber
// received. Exits 0 only when every event arrived exactly where it should.
import { Client } from '@autobahnpush/core';
import { startDevRouter } from '@autobahnpush/dev-router';

// autobahn-js reports every closed connection through console.warn, bound when it loads;
// the demo closes its connections on purpose, so those two notices are dropped.
const warn = console.warn;
console.warn = (first, ...rest) => {
  if (first !== 'connection closed' && first !== 'auto-reconnect disabled!') warn(first, ...rest);
};
const { default: autobahn } = await import('autobahn');

const KEY = 'demo-key';
const SECRET = 'demo-secret';
const TOPIC = 'com.example.demo.news';
const LEGACY_TOPIC = 'http://example.com/demo/news';

const router = await startDevRouter({ key: KEY, secret: SECRET });
console.log(`dev router: ${router.wsUrl} (realm ${router.realm})`);
console.log(`  crossbar publisher: ${router.publishUrl}`);
console.log(`  appliance push:     ${router.pushUrl}\n`);

const alice = await subscribe('alice');
const bob = await subscribe('bob');
console.log(`alice joined as session ${alice.id}, bob as session ${bob.id}\n`);

const crossbar = new Client(router.publishUrl, { key: KEY, secret: SECRET });
const appliance = new Client(router.pushUrl, { key: KEY, secret: SECRET, protocol: 'appliance' });

const pushes = [
  ['crossbar push to everyone', () => crossbar.push(TOPIC, { text: 'hello, everyone' })],
  ['crossbar push excluding bob', () => crossbar.push(TOPIC, { text: 'not for bob' }, { exclude: [bob.id] })],
  ['crossbar publish with kwargs', () => crossbar.publish(TOPIC, { args: ['news'], kwargs: { priority: 1 } })],
  ['appliance push to everyone', () => appliance.push(LEGACY_TOPIC, { text: 'legacy hello' })],
  ['appliance push excluding bob', () => appliance.push(LEGACY_TOPIC, { text: 'legacy, not for bob' }, { exclude: [bob.id] })],
  ['crossbar push to everyone, last', () => crossbar.push(TOPIC, { text: 'goodbye' })],
];

for (const [label, push] of pushes) {
  const receipt = await push();
  const id = receipt.id === undefined ? 'accepted (the appliance returns no ID)' : `publication ${receipt.id}`;
  console.log(`${label.padEnd(32)} -> ${id}`);
}

// Each session receives events in publication order, so the last push marks the end.
await Promise.all([alice.waitFor('goodbye'), bob.waitFor('goodbye')]);

const expected = {
  alice: ['hello, everyone', 'not for bob', 'news {"priority":1}', 'legacy hello', 'legacy, not for bob', 'goodbye'],
  bob: ['hello, everyone', 'news {"priority":1}', 'legacy hello', 'goodbye'],
};
let ok = true;
for (const [name, subscriber] of [['alice', alice], ['bob', bob]]) {
  console.log(`\n${name} received:`);
  for (const line of subscriber.received) {
    console.log(`  ${line}`);
  }
  const matches = JSON.stringify(subscriber.received) === JSON.stringify(expected[name]);
  console.log(matches ? `  ✔ exactly the expected ${expected[name].length} events` : `  ✘ expected ${JSON.stringify(expected[name])}`);
  ok &&= matches;
}

await crossbar.close();
await appliance.close();
await alice.close();
await bob.close();
await router.close();
console.log(ok ? '\nDemo passed: every event arrived exactly where it should.' : '\nDemo FAILED.');
process.exit(ok ? 0 : 1);

async function subscribe(authid) {
  const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm, authid, max_retries: 0 });
  const session = await new Promise((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => reject(new Error(`${authid} could not connect: ${reason}`));
    connection.open();
  });
  const received = [];
  const waiters = [];
  const onEvent = (args = [], kwargs = {}) => {
    const first = args[0];
    const text = typeof first === 'object' && first !== null ? first.text : String(first);
    received.push(Object.keys(kwargs).length > 0 ? `${text} ${JSON.stringify(kwargs)}` : text);
    for (const waiter of waiters) {
      if (waiter.text === text) waiter.resolve();
    }
  };
  await session.subscribe(TOPIC, onEvent);
  await session.subscribe(LEGACY_TOPIC, onEvent);

  return {
    id: session.id,
    received,
    waitFor: (text) => new Promise((resolve) => {
      if (received.includes(text)) resolve();
      else waiters.push({ text, resolve });
    }),
    close: () => new Promise((resolve) => {
      connection.onclose = () => { resolve(); return true; };
      connection.close();
    }),
  };
}
