import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type AutobahnPushError, Client } from '../src/index.js';
import { type ScriptedServer, TLS_CERT, json, startScriptedServer } from './support/scripted-server.js';

const run = promisify(execFile);
let server: ScriptedServer;
let client: Client | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

describe('https', () => {
  it('trusts a custom ca', async () => {
    server = await startScriptedServer([json(200, { id: 21 })], { tls: true });
    client = new Client(`${server.url}/publish`, { ca: TLS_CERT, key: 'k', secret: 's' });

    await expect(client.push('com.myapp.tls', 1)).resolves.toEqual({ id: 21 });
  });

  it('rejects an untrusted certificate without retrying', async () => {
    server = await startScriptedServer([json(200, { id: 21 })], { tls: true });
    client = new Client(`${server.url}/publish`);

    const error = (await client.push('com.myapp.tls', 1).catch((caught: unknown) => caught)) as AutobahnPushError & {
      causeCode?: string;
    };

    expect(error.code).toBe('ERR_NETWORK');
    expect(error.causeCode).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.attempts).toBe(1);
    expect(server.requests).toBe(0);
  });

  it('uses the default CA store, extended by NODE_EXTRA_CA_CERTS', async () => {
    server = await startScriptedServer([json(200, { id: 22 })], { tls: true });
    const certificate = fileURLToPath(new URL('fixtures/loopback-cert.pem', import.meta.url));
    const script = `
      const { Client } = require('@autobahnpush/core');
      const client = new Client(process.argv[1]);
      client.push('com.myapp.tls', 1).then(
        (receipt) => { console.log(JSON.stringify(receipt)); return client.close(); },
        (error) => { console.log(error.code); return client.close(); },
      );`;

    const { stdout } = await run(process.execPath, ['-e', script, `${server.url}/publish`], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate },
    });

    expect(stdout.trim()).toBe('{"id":22}');
  });
});
