// Console flows a developer hits past the happy path, in headless Chromium against the relay and
// the simulator on loopback: a malformed frame in the event log, deleting an answer while it
// streams, disconnecting mid-answer, and a visible keyboard focus in the settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { Cleanup, connectConsole, openConsole, startRelayedConsole, type StaticServer } from './harness';

/** Real-time pacing: a spoken answer streams for seconds, long enough to act on it mid-way. */
const SIM_SPEED = 1;
const STEP_TIMEOUT_MS = 20_000;

const cleanup = new Cleanup();
let app: StaticServer;
let malformedApp: StaticServer;
let browser: Browser;

before(async () => {
  const stack = await startRelayedConsole(cleanup, { simulatorSpeed: SIM_SPEED });
  ({ app, browser } = stack);
  // The relay keeps the upstream URL's query: the simulator sends a frame that is not JSON.
  ({ app: malformedApp } = await stack.addRelayedApp('fault_malformed=1'));
});
after(() => cleanup.run());

const open = (url: string) => openConsole(browser, url);
const connect = (page: Page) => connectConsole(page, STEP_TIMEOUT_MS);

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.keyboard.press('Enter');
}

const assistantItems = (page: Page) => page.locator('[data-testid="conversation-item"][data-role="assistant"]');
/** Only blocked map tiles may fail to load (the blocker answers them with a network error). */
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));

test('a malformed frame is one problem; Problems only shows it with its reason said once', async () => {
  const { page, errors, close } = await open(malformedApp.url);
  await connect(page);
  await page.getByTestId('event-log-schema').filter({ hasText: '1 problem' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // check() fails when the box does not show its new state right after the click.
  await page.getByLabel('Problems only').check();
  // The list itself re-renders on the next frame: wait for it to hold the one problem row.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="event-log-row"]').length === 1, null, { timeout: STEP_TIMEOUT_MS });
  assert.match(await page.getByTestId('event-log-row').innerText(), /\(malformed\)/);
  await page.getByTestId('event-log-row').first().click();
  const details = await page.getByTestId('event-details').innerText();
  assert.match(details, /Not JSON: \S/);
  assert.doesNotMatch(details, /not JSON: not JSON/i);
  await page.getByLabel('Problems only').uncheck();
  // As above, the list follows the box on the next frame.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="event-log-row"]').length > 1, null, { timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('an answer deleted while it streams stays deleted; one cut by Disconnect says so', async () => {
  const { page, errors, close } = await open(app.url);
  await connect(page);
  await say(page, 'Tell me about the simulator');
  const streaming = assistantItems(page).filter({ hasText: 'in progress' });
  await streaming.waitFor({ timeout: STEP_TIMEOUT_MS });
  await streaming.getByRole('button', { name: /^Delete item / }).click();
  // The rest of that response still arrives (deltas, done events) and must not re-add it.
  await page.getByTestId('event-log-type').filter({ hasText: /^response\.done$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await assistantItems(page).count(), 0);

  await say(page, 'Tell me again');
  await assistantItems(page).filter({ hasText: 'in progress' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Disconnected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const cut = assistantItems(page).last();
  assert.match(await cut.innerText(), /cut off by the disconnect/);
  assert.doesNotMatch(await cut.innerText(), /in progress|speaking…/);
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('push-to-talk held with the mouse stays under the pointer and talks until released', async () => {
  const { page, errors, close } = await open(app.url);
  await connect(page);
  const talk = page.getByTestId('push-to-talk');
  const before = await talk.boundingBox();
  await talk.hover();
  await page.mouse.down();
  await talk.filter({ hasText: 'Release to send' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // The label change must not move the button (the controls row wraps at this width).
  assert.deepEqual(await talk.boundingBox(), before);
  await page.waitForTimeout(500);
  assert.equal(await talk.innerText(), 'Release to send', 'still talking: no mouseleave ended the turn');
  await page.mouse.up();
  await page.getByTestId('event-log-type').filter({ hasText: /^input_audio_buffer\.commit$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await page.getByTestId('server-error-notice').count(), 0, 'the commit had audio');
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('keyboard focus is visible in the session settings and the event list', async () => {
  const { page, close } = await open(app.url);
  await page.getByLabel('Model', { exact: true }).focus();
  await page.keyboard.press('Tab'); // to the voice select: focus by keyboard
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { label: (document.activeElement as HTMLSelectElement).labels?.[0]?.textContent ?? '', outline: style.outlineStyle, width: style.outlineWidth };
  });
  assert.match(ring.label, /Voice/);
  assert.equal(ring.outline, 'solid');
  assert.equal(ring.width, '2px');
  await page.getByLabel('Search payloads').focus();
  // Past the three checkboxes to the event list.
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  const list = await page.evaluate(() => {
    const active = document.activeElement as Element;
    return { testid: active.getAttribute('data-testid'), outline: getComputedStyle(active).outlineStyle };
  });
  assert.equal(list.testid, 'event-log-viewport');
  assert.equal(list.outline, 'solid');
  // The Manual/VAD radios are invisible inputs: their label carries the ring.
  await page.getByRole('radio', { name: 'Manual' }).focus();
  await page.keyboard.press('ArrowRight'); // to VAD, by keyboard
  const toggle = await page.evaluate(() => {
    const label = (document.activeElement as HTMLInputElement).labels?.[0];
    return { text: label?.textContent ?? '', outline: label ? getComputedStyle(label).outlineStyle : 'no label' };
  });
  assert.equal(toggle.text, 'VAD');
  assert.equal(toggle.outline, 'solid');
  await close();
});
