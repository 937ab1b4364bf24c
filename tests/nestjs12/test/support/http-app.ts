import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RecordingLogger } from './recording-logger.js';

/** A Nest application listening on a loopback port, with its recorded log. */
export interface HttpApp {
  app: INestApplication;
  baseUrl: string;
  logger: RecordingLogger;
}

/** Compiles `metadata` into an application, listens on a free loopback port and records its log. */
export async function startHttpApp(metadata: ModuleMetadata): Promise<HttpApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const logger = new RecordingLogger();
  const app = moduleRef.createNestApplication({ logger });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  return { app, baseUrl, logger };
}

/** Sends a JSON POST and returns the status and parsed body. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();

  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}
