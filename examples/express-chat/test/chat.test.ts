import { Client } from '@autobahnpush/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TOPIC } from '../src/app.js';
import { type RunningChat, startChat } from '../src/start-chat.js';
import { type ChatSubscriber, subscribe } from './subscriber.js';

let chat: RunningChat;
let sender: ChatSubscriber;
let reader: ChatSubscriber;
let markerClient: Client;

beforeAll(async () => {
  chat = await startChat({ port: 0, env: {} });
  const router = chat.router!;
  sender = await subscribe(router.wsUrl, router.realm, CHAT_TOPIC);
  reader = await subscribe(router.wsUrl, router.realm, CHAT_TOPIC);
  markerClient = new Client(router.publishUrl);
});

afterAll(async () => {
  await sender.close();
  await reader.close();
  await markerClient.close();
  await chat.close();
});

describe('express-chat server', () => {
  it('serves the page, its script and autobahn-js', async () => {
    const page = await request(chat.url).get('/');
    const script = await request(chat.url).get('/chat.js');
    const autobahn = await request(chat.url).get('/vendor/autobahn.min.js');

    expect(page.status).toBe(200);
    expect(page.text).toContain('<form id="message-form">');
    expect(script.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(autobahn.status).toBe(200);
    expect(autobahn.text).toContain('Connection');
  });

  it('tells the page where the router is', async () => {
    const response = await request(chat.url).get('/config.json');

    expect(response.body).toEqual({
      wampUrl: chat.router!.wsUrl,
      realm: 'realm1',
      topic: 'com.example.chat.message',
    });
  });

  it('pushes a message to others, not the sender', async () => {
    const response = await request(chat.url)
      .post('/messages')
      .set('x-wamp-session-id', String(sender.sessionId))
      .send({ name: 'Ada', text: '  hello  ' });
    const [message] = await reader.waitFor(1);
    // Events arrive in publication order: once this marker is in, the excluded message
    // can no longer reach the sender.
    await markerClient.push(CHAT_TOPIC, 'marker');
    await reader.waitFor(2);
    const senderMessages = await sender.waitFor(1);

    expect(response.status).toBe(201);
    expect(typeof response.body.publication).toBe('number');
    expect(message).toMatchObject({ name: 'Ada', text: 'hello' });
    expect(typeof (message as { sentAt: unknown }).sentAt).toBe('string');
    expect(senderMessages).toEqual(['marker']);
  });

  it('rejects an empty message', async () => {
    const response = await request(chat.url).post('/messages').send({ text: '   ' });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'Missing text: send {"text": "..."} as JSON.' });
  });

  it('rejects an overlong message', async () => {
    const response = await request(chat.url).post('/messages').send({ text: 'x'.repeat(501) });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'Invalid text: at most 500 characters are allowed.' });
  });
});
