// Runs the whole flow on one machine: a dev router, a subscriber standing in for a
// browser, and the shop app. It creates one order and prints the event the subscriber received.
import 'reflect-metadata';
import { startDevRouter } from '@autobahnpush/dev-router';
import { NestFactory } from '@nestjs/core';
import autobahn from 'autobahn';
import { AppModule } from './app.module';
import { ORDER_CREATED } from './orders/order';

async function main(): Promise<void> {
  const router = await startDevRouter({ port: 0 });
  process.env.PUSH_URL = router.publishUrl;

  const connection = new autobahn.Connection({ url: router.wsUrl, realm: router.realm, max_retries: 0 });
  const session = await new Promise<autobahn.Session>((resolve) => {
    connection.onopen = resolve;
    connection.open();
  });
  const received = new Promise<unknown>((resolve) => {
    void session.subscribe(ORDER_CREATED, (args) => resolve(args?.[0]));
  });

  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const response = await fetch(`${await app.getUrl()}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ item: 'espresso beans', quantity: 2, note: 'gift wrap' }),
  });
  console.log(`POST /orders -> ${response.status} ${await response.text()}`);
  console.log(`${ORDER_CREATED} received by the subscriber:`, await received);

  await app.close();
  await new Promise<void>((resolve) => {
    connection.onclose = () => {
      resolve();

      return true;
    };
    connection.close();
  });
  await router.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
