// Checks that one runtime can sign, build and send pushes with @autobahnpush/core. It
// imports nothing and touches runtime globals only to name the runtime, so Node.js, Bun
// and Deno run it through main.js and Cloudflare workerd through worker.js.

/** Name and version of the runtime executing this module. */
export function describeRuntime() {
  if (globalThis.Deno !== undefined) {
    return { name: 'deno', version: globalThis.Deno.version.deno };
  }
  if (globalThis.Bun !== undefined) {
    return { name: 'bun', version: globalThis.Bun.version };
  }
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') {
    return { name: 'workerd', version: null };
  }

  return { name: 'node', version: globalThis.process.versions.node };
}

function errorSummary(error) {
  return { name: error?.name, code: error?.code, message: String(error?.message) };
}

/** Signs every vector with the synchronous functions and rebuilds the crossbar queries. */
function checkVectors(core, vectors) {
  return vectors.map((vector) => {
    if (vector.protocol === 'crossbar') {
      const input = {
        key: vector.key,
        timestamp: vector.timestamp,
        seq: vector.seq,
        nonce: vector.nonce,
        body: vector.body,
      };
      const request = core.buildCrossbarRequest({
        url: 'http://127.0.0.1:8080/publish',
        body: vector.body,
        seq: vector.seq,
        nonce: vector.nonce,
        timestamp: vector.timestamp,
        credentials: { key: vector.key, secret: vector.secret },
      });

      return {
        name: vector.name,
        signature: core.signCrossbarRequest(vector.secret, input),
        verified: core.verifyCrossbarSignature(vector.secret, input, vector.signature),
        query: new URL(request.url).search.slice(1),
        body: request.body,
      };
    }

    const input = { topic: vector.topicuri, key: vector.appkey, timestamp: vector.timestamp, body: vector.body };

    return {
      name: vector.name,
      signature: core.signApplianceRequest(vector.appsecret, input),
      verified: core.verifyApplianceSignature(vector.appsecret, input, vector.signature),
    };
  });
}

/** Reports whether this build accepts `transport: 'node'`, or the code it rejects it with. */
async function checkNodeTransport(core, publishUrl) {
  let client;
  try {
    // The constructor only validates the options, so no request is made.
    client = new core.Client(publishUrl, { transport: 'node' });
  } catch (error) {
    return errorSummary(error).code;
  }
  await client.close();

  return 'available';
}

/**
 * Pushes three events through the signed dev router, then one with a wrong secret, then a
 * fourth event. `config.excluded` is the session that the second push excludes and the
 * only session eligible for the third.
 */
async function pushEvents(core, config) {
  const client = new core.Client(config.publishUrl, { key: config.key, secret: config.secret });
  const receipts = [];
  receipts.push(await client.push(config.topic, { step: 1 }));
  receipts.push(await client.push(config.topic, { step: 2 }, { exclude: [config.excluded] }));
  receipts.push(await client.push(config.topic, { step: 3 }, { eligible: [config.excluded] }));

  // Sent before the last event, so a subscriber would see it before that event.
  const wrongSecret = new core.Client(config.publishUrl, {
    key: config.key,
    secret: `${config.secret}-wrong`,
    retry: false,
  });
  let unauthorized;
  try {
    await wrongSecret.push(config.topic, { step: 'wrong secret' });
    unauthorized = { code: 'resolved' };
  } catch (error) {
    unauthorized = { ...errorSummary(error), isAutobahnPushError: core.isAutobahnPushError(error) };
  }
  await wrongSecret.close();

  receipts.push(await client.push(config.topic, { step: 4 }));
  await client.close();

  return { receipts, unauthorized };
}

/**
 * Runs every check against `core`, the module namespace of @autobahnpush/core, and
 * returns the results as plain JSON data.
 */
export async function runSmoke(core, config) {
  const result = {
    runtime: describeRuntime(),
    nodeTransport: await checkNodeTransport(core, config.publishUrl),
    vectors: checkVectors(core, config.vectors),
  };
  try {
    Object.assign(result, await pushEvents(core, config));
  } catch (error) {
    result.pushError = errorSummary(error);
  }

  return result;
}
