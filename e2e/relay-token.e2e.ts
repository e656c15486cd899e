// A relay that requires RELAY_ACCESS_TOKEN (it answers HTTP 401, the browser sees only a failed
// WebSocket): Connect without the token, or with a wrong one, gets one message that names the
// relay's setting and where the token goes; with it, the console connects (issue 13, item 8).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { startRelay, type RunningRelay } from '../relay-server/server';
import { blockExternalRequests, Cleanup, launchChromium, routeMapTiles, serveBuild } from './harness';

const BUILD_DIR = process.env.E2E_BUILD_DIR || undefined;
const STEP_TIMEOUT_MS = 15_000;
const TOKEN = 'relay-token-for-the-e2e-0123456789';

const cleanup = new Cleanup();
let simulator: RunningSimulator;
let relay: RunningRelay;
let browser: Browser;

before(async () => {
  simulator = await startSimulator({ speed: 50 });
  cleanup.add(() => simulator.close());
  relay = await startRelay({ apiKey: 'sk-relay-token', port: 0, upstreamUrl: simulator.url, allowedOrigins: ['*'], accessToken: TOKEN, log: () => undefined });
  cleanup.add(() => relay.close());
  browser = await launchChromium();
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

async function connectWith(relayUrl: string) {
  const app = await serveBuild({ buildDir: BUILD_DIR, runtimeConfig: { relayUrl } });
  cleanup.add(() => app.close());
  const page = await browser.newPage();
  await blockExternalRequests(page);
  await routeMapTiles(page);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  return { page, origin: new URL(app.url).origin };
}

test('no token: one message naming RELAY_ACCESS_TOKEN and ?access_token=, nothing else reports it', async () => {
  const { page, origin } = await connectWith(relay.url);
  const reason = page.getByTestId('close-reason');
  await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(
    await reason.innerText(),
    `Could not connect to the relay at ${relay.url} — is it running, and does its RELAY_ALLOWED_ORIGINS include this page's origin (${origin})? ` +
      'The relay refused it or is unreachable; if it has a RELAY_ACCESS_TOKEN, add ?access_token=TOKEN to the relay URL (relayUrl in runtime-config.js, or REACT_APP_LOCAL_RELAY_SERVER_URL).',
  );
  // Said once: no second notice (the amber server-error notice) for the same failure.
  assert.equal(await page.getByRole('alert').count(), 1);
  assert.equal(await page.getByTestId('server-error-notice').count(), 0);
  assert.doesNotMatch(await page.getByTestId('relay-in-use').innerText(), /no key needed/);
  await page.close();
});

test('a wrong token: the message asks whether the URL carries the relay\'s RELAY_ACCESS_TOKEN; the right one connects', async () => {
  const wrong = await connectWith(`${relay.url}/?access_token=wrong-token`);
  await wrong.page.getByTestId('close-reason').filter({ hasText: 'is the access_token in the relay URL its RELAY_ACCESS_TOKEN?' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.doesNotMatch(await wrong.page.getByTestId('close-reason').innerText(), /wrong-token/, 'the token is masked');
  assert.equal(await wrong.page.getByRole('alert').count(), 1);
  assert.equal(await wrong.page.getByTestId('server-error-notice').count(), 0);
  await wrong.page.close();

  const right = await connectWith(`${relay.url}/?access_token=${TOKEN}`);
  await right.page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await right.page.close();
});
