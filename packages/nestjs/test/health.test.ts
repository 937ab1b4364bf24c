import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutobahnPushHealthIndicator, AutobahnPushModule, AutobahnPushService } from '../src/index.js';
import { type HttpApp, startHttpApp } from './helpers/http-app.js';
import { type StubEndpoint, startStubEndpoint } from './helpers/stub-endpoint.js';

@Controller('health')
class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(AutobahnPushHealthIndicator) private readonly push: AutobahnPushHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.push.isHealthy('push', { timeout: 2000 })]);
  }
}

/** Returns the URL of a loopback port that nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');

  return `http://127.0.0.1:${port}/publish`;
}

let endpoint: StubEndpoint;

beforeEach(async () => {
  endpoint = await startStubEndpoint();
});

afterEach(async () => {
  await endpoint.close();
});

async function indicatorFor(url: string) {
  const moduleRef = await Test.createTestingModule({
    imports: [AutobahnPushModule.forRoot({ url, headers: { authorization: 'Bearer t0ken' } })],
  }).compile();

  return { moduleRef, indicator: moduleRef.get(AutobahnPushHealthIndicator) };
}

describe('AutobahnPushHealthIndicator', () => {
  it('reports up when the endpoint answers OPTIONS', async () => {
    const { moduleRef, indicator } = await indicatorFor(endpoint.url);

    try {
      expect(await indicator.isHealthy('push')).toEqual({
        push: { status: 'up', client: 'default', url: endpoint.url, statusCode: 200 },
      });
      expect(endpoint.requests).toHaveLength(1);
      expect(endpoint.requests[0]?.method).toBe('OPTIONS');
      expect(endpoint.requests[0]?.path).toBe('/publish');
      expect(endpoint.requests[0]?.headers.authorization).toBe('Bearer t0ken');
    } finally {
      await moduleRef.close();
    }
  });

  it('reports down when nothing listens', async () => {
    const url = await closedPortUrl();
    const { moduleRef, indicator } = await indicatorFor(url);

    try {
      expect(await indicator.isHealthy('push')).toEqual({
        push: {
          status: 'down',
          client: 'default',
          url,
          message: `OPTIONS ${url} failed: ECONNREFUSED.`,
        },
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('reports down for a status other than 2xx', async () => {
    const server = createServer((_request, response) => response.writeHead(405).end()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
    const { moduleRef, indicator } = await indicatorFor(url);

    try {
      expect(await indicator.isHealthy('router')).toEqual({
        router: {
          status: 'down',
          client: 'default',
          url,
          statusCode: 405,
          message: 'The push endpoint responded to OPTIONS with HTTP 405.',
        },
      });
    } finally {
      await moduleRef.close();
      server.close();
    }
  });

  it('checks a named client', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: endpoint.url, name: 'analytics' })],
    }).compile();

    try {
      const result = await moduleRef.get(AutobahnPushHealthIndicator).isHealthy('analytics', {
        client: 'analytics',
      });

      expect(result).toEqual({
        analytics: { status: 'up', client: 'analytics', url: endpoint.url, statusCode: 200 },
      });
    } finally {
      await moduleRef.close();
    }
  });

  it('throws for an invalid timeout', async () => {
    const { moduleRef, indicator } = await indicatorFor(endpoint.url);

    try {
      await expect(indicator.isHealthy('push', { timeout: 0 })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
        message: 'Invalid timeout 0: pass milliseconds as an integer from 1 to 2147483647.',
      });
      expect(endpoint.requests).toHaveLength(0);
    } finally {
      await moduleRef.close();
    }
  });

  it('throws for an unregistered client', async () => {
    const { moduleRef, indicator } = await indicatorFor(endpoint.url);

    try {
      await expect(indicator.isHealthy('push', { client: 'nope' })).rejects.toThrow(
        'AutobahnPushHealthIndicator: no push client named "nope" is registered. Register it with ' +
          'AutobahnPushModule.forRoot({ name: "nope", ... }), or fix the client option.',
      );
    } finally {
      await moduleRef.close();
    }
  });
});

describe('health through the client pool', () => {
  it('follows the failover position', async () => {
    const closedUrl = await closedPortUrl();
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url: [closedUrl, endpoint.url] })],
    }).compile();
    const indicator = moduleRef.get(AutobahnPushHealthIndicator);

    try {
      const before = await indicator.isHealthy('push');
      await moduleRef.get(AutobahnPushService).push('com.shop.order_created', { id: 1 });
      const after = await indicator.isHealthy('push');

      expect(before).toEqual({
        push: { status: 'down', client: 'default', url: closedUrl, message: `OPTIONS ${closedUrl} failed: ECONNREFUSED.` },
      });
      expect(after).toEqual({ push: { status: 'up', client: 'default', url: endpoint.url, statusCode: 200 } });
      expect(endpoint.requests.map((request) => request.method)).toEqual(['POST', 'OPTIONS']);
    } finally {
      await moduleRef.close();
    }
  });

  it('reuses the keep-alive connection of a push', async () => {
    const clientPorts: Array<{ method: string; port: number | undefined }> = [];
    const server = createServer((request, response) => {
      clientPorts.push({ method: request.method ?? '', port: request.socket.remotePort });
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(request.method === 'POST' ? '{"id":1}' : '');
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url, connections: 1 })],
    }).compile();

    try {
      await moduleRef.get(AutobahnPushService).push('com.shop.order_created', { id: 1 });
      const result = await moduleRef.get(AutobahnPushHealthIndicator).isHealthy('push');

      expect(result).toEqual({ push: { status: 'up', client: 'default', url, statusCode: 200 } });
      expect(clientPorts.map((entry) => entry.method)).toEqual(['POST', 'OPTIONS']);
      expect(clientPorts[1]?.port).toBe(clientPorts[0]?.port);
    } finally {
      await moduleRef.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('reports down after the timeout', async () => {
    const server = createServer(() => {}).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
    const { moduleRef, indicator } = await indicatorFor(url);

    try {
      expect(await indicator.isHealthy('push', { timeout: 100 })).toEqual({
        push: { status: 'down', client: 'default', url, message: `OPTIONS ${url} failed: no response within 100 ms.` },
      });
    } finally {
      await moduleRef.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('reports a closed client down', async () => {
    const { moduleRef, indicator } = await indicatorFor(endpoint.url);
    await moduleRef.close();

    expect(await indicator.isHealthy('push')).toEqual({
      push: {
        status: 'down',
        client: 'default',
        url: endpoint.url,
        message: 'Cannot ping: the client was closed. Create a new Client.',
      },
    });
    expect(endpoint.requests).toHaveLength(0);
  });
});

describe('AutobahnPushService.ping', () => {
  it('returns the URL and status', async () => {
    const { moduleRef } = await indicatorFor(endpoint.url);

    try {
      expect(await moduleRef.get(AutobahnPushService).ping()).toEqual({ url: endpoint.url, status: 200 });
    } finally {
      await moduleRef.close();
    }
  });

  it('rejects a status other than 2xx with ERR_HTTP', async () => {
    const server = createServer((_request, response) => response.writeHead(405).end()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/publish`;
    const { moduleRef } = await indicatorFor(url);

    try {
      await expect(moduleRef.get(AutobahnPushService).ping()).rejects.toMatchObject({
        code: 'ERR_HTTP',
        status: 405,
        url,
      });
    } finally {
      await moduleRef.close();
      server.close();
    }
  });
});

describe('health check over https', () => {
  // A self-signed certificate for 127.0.0.1, made with openssl for these tests.
  const cert = readFileSync(new URL('fixtures/loopback-cert.pem', import.meta.url), 'utf8');
  const key = readFileSync(new URL('fixtures/loopback-key.pem', import.meta.url), 'utf8');

  async function startHttpsEndpoint() {
    const server = createHttpsServer({ cert, key }, (_request, response) => response.writeHead(200).end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');

    return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/publish` };
  }

  it('trusts the ca option', async () => {
    const { server, url } = await startHttpsEndpoint();
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url, ca: cert })],
    }).compile();

    try {
      expect(await moduleRef.get(AutobahnPushHealthIndicator).isHealthy('push')).toEqual({
        push: { status: 'up', client: 'default', url, statusCode: 200 },
      });
    } finally {
      await moduleRef.close();
      server.close();
    }
  });

  it('reports an untrusted certificate', async () => {
    const { server, url } = await startHttpsEndpoint();
    const moduleRef = await Test.createTestingModule({
      imports: [AutobahnPushModule.forRoot({ url })],
    }).compile();

    try {
      expect(await moduleRef.get(AutobahnPushHealthIndicator).isHealthy('push')).toEqual({
        push: {
          status: 'down',
          client: 'default',
          url,
          message: `OPTIONS ${url} failed: DEPTH_ZERO_SELF_SIGNED_CERT.`,
        },
      });
    } finally {
      await moduleRef.close();
      server.close();
    }
  });
});

describe('health endpoint with terminus', () => {
  let http: HttpApp | undefined;

  afterEach(async () => {
    await http?.app.close();
    http = undefined;
  });

  it('answers 200 when the endpoint is up', async () => {
    http = await startHttpApp({
      imports: [TerminusModule, AutobahnPushModule.forRoot({ url: endpoint.url })],
      controllers: [HealthController],
    });

    const response = await fetch(`${http.baseUrl}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      info: { push: { status: 'up', client: 'default', url: endpoint.url, statusCode: 200 } },
      error: {},
      details: { push: { status: 'up', client: 'default', url: endpoint.url, statusCode: 200 } },
    });
  });

  it('answers 503 when the endpoint is down', async () => {
    const url = await closedPortUrl();
    http = await startHttpApp({
      imports: [TerminusModule.forRoot({ logger: false }), AutobahnPushModule.forRoot({ url })],
      controllers: [HealthController],
    });
    const down = { status: 'down', client: 'default', url, message: `OPTIONS ${url} failed: ECONNREFUSED.` };

    const response = await fetch(`${http.baseUrl}/health`);

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'error',
      info: {},
      error: { push: down },
      details: { push: down },
    });
  });
});
