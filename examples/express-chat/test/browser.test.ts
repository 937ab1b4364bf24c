import { existsSync } from 'node:fs';
import { Client } from '@autobahnpush/core';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_TOPIC } from '../src/app.js';
import { type RunningChat, startChat } from '../src/start-chat.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium, so there a missing browser is a failure, not a skip.
const runBrowserTests = existsSync(CHROMIUM) || process.env.CI === 'true';

let chat: RunningChat;
let browser: Browser;

async function openChat(name: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(chat.url);
  await page.locator('body[data-state="ready"]').waitFor();
  await page.fill('#name', name);

  return page;
}

function receivedTexts(page: Page): Promise<string[]> {
  return page.locator('#messages li.received .text').allTextContents();
}

describe.runIf(runBrowserTests)('express-chat in Chromium', () => {
  beforeAll(async () => {
    chat = await startChat({ port: 0, env: {} });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  it('shows a posted message on the other page only', async () => {
    const alice = await openChat('Alice');
    const bob = await openChat('Bob');
    const aliceSession = await alice.locator('#session-id').textContent();

    await alice.fill('#text', 'hello from Alice');
    await alice.click('button[type="submit"]');
    await bob.locator('#messages li.received .text', { hasText: 'hello from Alice' }).waitFor();
    // Events reach each page in publication order, so once this marker shows on Alice's
    // page her own message can no longer arrive there.
    const marker = new Client(chat.router!.publishUrl);
    await marker.push(CHAT_TOPIC, { name: 'server', text: 'marker' });
    await marker.close();
    await alice.locator('#messages li.received .text', { hasText: 'marker' }).waitFor();

    expect(Number(aliceSession)).toBeGreaterThan(0);
    expect(await receivedTexts(bob)).toEqual(['hello from Alice', 'marker']);
    expect(await receivedTexts(alice)).toEqual(['marker']);
    expect(await alice.locator('#messages li.own .text').allTextContents()).toEqual(['hello from Alice']);
    expect(await alice.locator('#error').textContent()).toBe('');
  });
});
