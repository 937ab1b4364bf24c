import { Client } from '@autobahnpush/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autobahnPush } from '../src/index.js';
import { type AppServer, listen } from './support/app-server.js';
import { EXPRESS_VERSIONS } from './support/express-versions.js';
import { type StubRouter, startStubRouter } from './support/stub-router.js';

let stub: StubRouter;
let client: Client;

beforeAll(async () => {
  stub = await startStubRouter();
  client = new Client(stub.publishUrl);
});

afterAll(async () => {
  await client.close();
  await stub.close();
});

// Node's HTTP parser delivers the body by calling req.push(chunk) on the request stream, so
// the middleware's req.push must hand those calls on.
describe.each(EXPRESS_VERSIONS)('request body on $name', ({ express }) => {
  let server: AppServer;

  beforeAll(async () => {
    const app = express();
    app.use(autobahnPush(client));
    app.use(express.json({ limit: '2mb' }));
    app.post('/echo', async (req, res, next) => {
      try {
        const receipt = await req.push('com.chat.message', req.body.items.length);
        res.json({ items: req.body.items.length, last: req.body.items.at(-1), receipt });
      } catch (error) {
        next(error);
      }
    });
    server = await listen(app);
  });

  afterAll(async () => {
    await server.close();
  });

  it('body parsed after the middleware arrives whole', async () => {
    const items = Array.from({ length: 20_000 }, (_, index) => `item-${index}`);

    const response = await request(server.url).post('/echo').send({ items });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: 20_000, last: 'item-19999', receipt: { id: 1 } });
  });
});
