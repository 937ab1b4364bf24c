// Cloudflare Workers entry point: each POST carries the smoke configuration as its JSON
// body, and the response is the JSON result of smoke.js. The workerd config names the
// built dist/web/index.js module "@autobahnpush/core", as a bundler resolving the
// `workerd` export condition would pick it.
import * as core from '@autobahnpush/core';
import { runSmoke } from './smoke.js';

export default {
  async fetch(request) {
    if (request.method !== 'POST') {
      return new Response('Send the smoke configuration as a JSON POST body.\n', { status: 405 });
    }
    const config = await request.json();
    const result = await runSmoke(core, config);

    return Response.json(result);
  },
};
