// A relay restart as the console meets it in a rolling restart: the relay drains and closes the
// session with 1012; the console says the relay is restarting, reconnects by itself once a relay
// answers at the address again (behind a balancer: another relay), says so, and works — with the
// conversation so far carried into the new session (Reconnect with history): a follow-up is
// answered from it, the conversation shows each item once with the seam, and so does the log.
// Then a plain drop (1001, no auto-reconnect): "Continue with history" does the same by hand.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

async function ask(page: Page, text: string, answer: RegExp): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByTestId('conversation-area').locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: answer }).last().waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** The conversation's item ids as shown, and the seam's text and place (after which item). */
function shownConversation(page: Page): Promise<{ ids: string[]; seams: Array<{ text: string; after: number }> }> {
  return page.getByTestId('conversation-area').evaluate((area) => {
    const ids: string[] = [];
    const seams: Array<{ text: string; after: number }> = [];
    for (const element of Array.from(area.querySelectorAll('[data-testid="conversation-item"], [data-testid="conversation-seam"]'))) {
      if (element.getAttribute('data-testid') === 'conversation-seam') seams.push({ text: element.textContent ?? '', after: ids.length });
      else ids.push(element.querySelector('button[aria-label^="Delete item "]')?.getAttribute('aria-label')?.slice('Delete item '.length) ?? '');
    }
    return { ids, seams };
  });
}

/** The log's seam rows (type filter on "(history carried)"), their summaries; the filter is put back. */
async function logSeams(page: Page): Promise<string[]> {
  const events = page.getByTestId('events-area');
  const type = events.locator('label').filter({ has: page.locator('span', { hasText: /^Type$/ }) }).locator('select');
  const option = await type.locator('option', { hasText: '(history carried)' }).first().textContent();
  await type.selectOption({ label: option ?? '' });
  const rows = events.locator('[data-testid="event-log-row"][data-seam]');
  await rows.first().waitFor({ timeout: STEP_TIMEOUT_MS });
  // The filter renders on the next frame: until then the unfiltered window may show only some seams.
  await events.locator('[data-testid="event-log-row"]:not([data-seam])').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  const texts = await rows.locator('.event-log__summary').allTextContents();
  await type.selectOption({ label: 'All types' });
  return texts;
}

test('close 1012 from a draining relay: the console reconnects by itself with the conversation so far; after a drop, by hand', async () => {
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
  // A tool round trip the simulator can answer a follow-up from (it reads set_memory calls back).
  await ask(page, 'Remember that my favourite colour is blue', /favourite colour/i);
  const before = await shownConversation(page);
  assert.deepEqual(before.seams, []);
  assert.equal(before.ids.length, 4, `user, call, output, answer: ${before.ids.join(', ')}`);

  // SIGTERM's drain with no grace left: the open session gets 1012 and the relay stops listening.
  await first.drain();
  const reason = page.getByTestId('close-reason');
  await reason.filter({ hasText: 'The relay is restarting (close 1012): reconnecting in' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // Another relay takes the address, as one behind the balancer would take the session.
  const second = await startRelay(options(first.port));
  cleanup.add(() => second.close());
  await reason.filter({ hasText: 'The relay restarted; reconnected with a new session that has the conversation so far (4 items).' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await status.filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(second.activeSessions(), 1, 'the console reconnected without a click');
  assert.ok(sockets.length >= 2, `sockets opened: ${sockets.join(', ')}`);

  // The new session knows what was said: only the carried set_memory call can answer this.
  await ask(page, 'What is my favourite colour?', /Your favourite colour is blue\./);
  const after = await shownConversation(page);
  assert.deepEqual(after.ids.slice(0, 4), before.ids, 'the carried items, once each, as they were');
  assert.equal(new Set(after.ids).size, after.ids.length, 'no item shown twice');
  assert.equal(after.ids.length, 6);
  assert.deepEqual(after.seams, [{ text: 'New session: 4 earlier items carried into it as text', after: 4 }]);
  const seams = await logSeams(page);
  assert.equal(seams.length, 1);
  assert.match(seams[0], /^history carried: 4 items from the last session \([\d,]+ characters\)$/);

  // A plain drop (the relay goes away with 1001): no reconnect by itself; the user continues by hand.
  await second.close();
  const strip = page.getByTestId('continue-strip');
  await strip.waitFor({ timeout: STEP_TIMEOUT_MS });
  const third = await startRelay(options(first.port));
  cleanup.add(() => third.close());
  await strip.getByRole('button', { name: 'Continue with history', exact: true }).click();
  await status.filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await strip.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  await ask(page, 'What is my favourite colour?', /Your favourite colour is blue\./);
  const continued = await shownConversation(page);
  assert.equal(new Set(continued.ids).size, continued.ids.length, 'no item shown twice');
  assert.deepEqual(continued.ids.slice(0, 6), after.ids);
  assert.deepEqual(continued.seams, [{ text: 'New session: 6 earlier items carried into it as text', after: 6 }]);
  assert.equal((await logSeams(page)).length, 2, 'one seam per carried session');
  await page.close();
});
