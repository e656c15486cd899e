// A relay restart as the console meets it in a rolling restart: the relay drains and closes the
// session with 1012; the console says the relay is restarting, reconnects by itself once a relay
// answers at the address again (behind a balancer: another relay), says so, and works.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { startRelay } from '../relay-server/server';
import type { RelayOptions } from '../relay-server/config';
import { blockExternalRequests, Cleanup, launchChromium, routeMapTiles, serveBuild } from './harness';

const BUILD_DIR = process.env.E2E_BUILD_DIR || undefined;
const STEP_TIMEOUT_MS = 15_000;

const cleanup = new Cleanup();
let simulator: RunningSimulator;
let browser: Browser;

before(async () => {
  simulator = await startSimulator({ speed: 50 });
  cleanup.add(() => simulator.close());
  browser = await launchChromium();
  cleanup.add(() => browser.close());
});
after(() => cleanup.run());

test('close 1012 from a draining relay: "restarting" is shown, the console reconnects by itself and says so', async () => {
  const options = (port: number): RelayOptions => ({ apiKey: 'sk-relay-restart', port, upstreamUrl: simulator.url, allowedOrigins: ['*'], allowUnauthenticatedRemote: true, drainGraceMs: 0, upstreamProbeIntervalMs: 0, log: () => undefined });
  const first = await startRelay(options(0));
  cleanup.add(() => first.close());
  const app = await serveBuild({ buildDir: BUILD_DIR, runtimeConfig: { relayUrl: first.url } });
  cleanup.add(() => app.close());
  const page = await browser.newPage();
  await blockExternalRequests(page);
  await routeMapTiles(page);
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.goto(app.url);
  const status = page.getByTestId('connection-status');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await status.filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  // SIGTERM's drain with no grace left: the open session gets 1012 and the relay stops listening.
  await first.drain();
  const reason = page.getByTestId('close-reason');
  await reason.filter({ hasText: 'The relay is restarting (close 1012): reconnecting in' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // Another relay takes the address, as one behind the balancer would take the session.
  const second = await startRelay(options(first.port));
  cleanup.add(() => second.close());
  await reason.filter({ hasText: 'The relay restarted; reconnected with a new session.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await status.filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(second.activeSessions(), 1, 'the console reconnected without a click');
  assert.ok(sockets.length >= 2, `sockets opened: ${sockets.join(', ')}`);
  await page.close();
});
