// The console with the keyboard only, in headless Chromium against the relay and the simulator on
// loopback, the fake microphone saying a question: Tab to Connect and Enter; talk with Space;
// read the answer in the live region; Tab to the event list and open an event with Enter; Tab to
// a setting, change it and Apply with Enter. Then where Space talks (a focused checkbox, an
// answer's audio player, Enter on the talk button), and that a click on "Hold to talk" sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { appendsSent, consoleSuite, untilTurnSends } from './harness';
// Also declares the page's opt-in test hooks on `window`.

const SIM_SPEED = 4;
const STEP_TIMEOUT_MS = 20_000;
const HEARD = /I heard \d+\.\d seconds of audio/;

const suite = consoleSuite({ speech: 'What is the weather in Paris today?', simulatorSpeed: SIM_SPEED });

const open = () => suite.open();

/** What the focused element is, to find by Tab. */
interface Focused {
  tag: string;
  testid: string | null;
  text: string;
  label: string;
  type: string | null;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const labels = el && 'labels' in el ? Array.from((el as HTMLInputElement).labels ?? []).map((l) => l.textContent ?? '') : [];
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      testid: el?.getAttribute('data-testid') ?? null,
      text: (el?.textContent ?? '').trim(),
      label: (el?.getAttribute('aria-label') ?? labels.join(' ')).trim(),
      type: el?.getAttribute('type') ?? null,
    };
  });
}

/** Presses Tab until the focus is where `wanted` says (at most `limit` times). */
async function tabTo(page: Page, what: string, wanted: (f: Focused) => boolean, limit = 120): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (wanted(await focused(page))) return presses;
  }
  throw new Error(`Tab never reached ${what} (${limit} presses; last: ${JSON.stringify(await focused(page))})`);
}

type ClientEvent = { type: string; [field: string]: unknown };

async function clientEvents(page: Page): Promise<ClientEvent[]> {
  return page.evaluate(() => (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'client').map((e) => e.event as unknown as ClientEvent));
}

const assistantItems = (page: Page) => page.locator('[data-testid="conversation-item"][data-role="assistant"]');
const unexpected = (errors: string[]) => errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));

/** Space held until the turn's audio goes out. */
async function holdSpace(page: Page): Promise<void> {
  const sent = await appendsSent(page);
  await page.keyboard.down(' ');
  await page.getByTestId('push-to-talk').filter({ hasText: 'Release to send' }).waitFor({ timeout: 5000 });
  await untilTurnSends(page, sent, STEP_TIMEOUT_MS);
  await page.keyboard.up(' ');
}

test('keyboard only: connect, talk with Space, hear the answer in the live region, open an event, apply a setting', async () => {
  const { page, errors, close } = await open();
  const status = page.getByTestId('connection-status');

  await tabTo(page, 'Connect', (f) => f.tag === 'button' && f.text === 'Connect');
  await page.keyboard.press('Enter');
  await status.filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  // Space wherever the focus is now (the connection button): talks, does not disconnect.
  await holdSpace(page);
  await assistantItems(page).filter({ hasText: HEARD }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await status.innerText(), 'Connected');
  const sent = (await clientEvents(page)).map((e) => e.type);
  assert.deepEqual(sent.filter((t) => t === 'input_audio_buffer.commit' || t === 'response.create'), ['input_audio_buffer.commit', 'response.create']);

  // The answer, as a screen reader hears it: once finished, from the polite live region.
  const announcement = page.getByTestId('conversation-announcement');
  assert.equal(await announcement.getAttribute('aria-live'), 'polite');
  await announcement.filter({ hasText: /^Assistant: .*I heard \d+\.\d seconds of audio/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  // Tab to the event list; Enter opens the first event in view.
  await tabTo(page, 'the event list', (f) => f.testid === 'event-log-viewport');
  assert.equal(await page.getByTestId('event-details').count(), 0);
  await page.keyboard.press('Enter');
  await page.getByTestId('event-details').waitFor({ timeout: STEP_TIMEOUT_MS });
  const list = page.getByTestId('event-log-viewport');
  const active = await list.getAttribute('aria-activedescendant');
  assert.ok(active, 'the open row is the active descendant');
  assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await list.getAttribute('aria-activedescendant'), active, 'ArrowDown opens the next event');

  // Tab to the instructions, type, Tab to Apply, Enter: the server confirms.
  await tabTo(page, 'Instructions', (f) => f.tag === 'textarea' && /Instructions/.test(f.label));
  await page.keyboard.type('Answer in one sentence.');
  await tabTo(page, 'Apply', (f) => f.tag === 'button' && /^Apply/.test(f.text), 40);
  await page.keyboard.press('Enter');
  await page.getByTestId('session-settings-status').filter({ hasText: 'The server confirmed these settings.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const update = (await clientEvents(page)).filter((e) => e.type === 'session.update').pop();
  assert.match(JSON.stringify(update), /Answer in one sentence\./);
  assert.equal(await status.innerText(), 'Connected');
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('Space talks on a focused checkbox and after clicking an answer\'s audio player; Enter ticks the checkbox; Enter held on the talk button talks', async () => {
  const { page, errors, close } = await open();
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

  // Enter held on the talk button: a press.
  await page.getByTestId('push-to-talk').focus();
  await page.keyboard.down('Enter');
  await page.getByTestId('push-to-talk').filter({ hasText: 'Release to send' }).waitFor({ timeout: 2000 });
  await untilTurnSends(page, 0, STEP_TIMEOUT_MS);
  await page.keyboard.up('Enter');
  await assistantItems(page).filter({ hasText: HEARD }).first().waitFor({ timeout: STEP_TIMEOUT_MS });

  // A focused checkbox (Export audio): Space talks and leaves it as it was; Enter ticks it.
  const box = page.getByRole('checkbox', { name: 'Export audio' });
  await box.focus();
  assert.equal(await box.isChecked(), false);
  await holdSpace(page);
  assert.equal(await box.isChecked(), false, 'Space did not tick Export audio');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"][data-role="assistant"]').length >= 2, null, { timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  assert.equal(await box.isChecked(), true, 'Enter ticked Export audio');

  // An answer's audio player, clicked (its seek bar): Space talks and does not play it.
  const player = page.getByTestId('item-audio').first();
  await player.waitFor({ timeout: STEP_TIMEOUT_MS });
  const bar = (await player.boundingBox())!;
  await page.mouse.click(bar.x + bar.width * 0.5, bar.y + bar.height / 2);
  // Clicked, the player gives the focus back (its keys would never reach the page).
  await page.waitForFunction(() => !(document.activeElement instanceof HTMLMediaElement), null, { timeout: 5000 });
  await page.evaluate(() => document.querySelectorAll('audio').forEach((a) => a.pause()));
  await holdSpace(page);
  await page.waitForTimeout(200);
  assert.equal(await player.evaluate((a: HTMLAudioElement) => a.paused), true, 'Space did not play the answer');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"][data-role="assistant"]').length >= 3, null, { timeout: STEP_TIMEOUT_MS });
  const types = (await clientEvents(page)).map((e) => e.type);
  assert.equal(types.filter((t) => t === 'input_audio_buffer.commit').length, 3);
  assert.equal(types.filter((t) => t === 'response.create').length, 3);
  assert.deepEqual(unexpected(errors), []);
  await close();
});

test('a click on "Hold to talk" sends nothing at all and says "hold to talk"', async () => {
  const { page, errors, close } = await open();
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const talk = page.getByTestId('push-to-talk');
  const hint = page.getByTestId('talk-hint');
  const turnEvents = (events: ClientEvent[]) => events.filter((e) => e.type.startsWith('input_audio_buffer.') || e.type.startsWith('response.') || e.type.startsWith('conversation.item.'));

  // First press of the page: the microphone is not even running yet.
  await talk.click();
  await hint.filter({ hasText: /hold to talk/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.deepEqual(turnEvents(await clientEvents(page)).map((e) => e.type), []);

  // A real turn, so the microphone runs; then a short press (a tap) while it runs.
  await talk.hover();
  await page.mouse.down();
  await untilTurnSends(page, 0, STEP_TIMEOUT_MS);
  await page.mouse.up();
  await assistantItems(page).filter({ hasText: HEARD }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await hint.innerText(), '', 'a real turn clears the hint');
  const before = (await clientEvents(page)).length;
  // The tap's press and release in one task of the page: sent as two input events (even
  // together, e11da36) the page handles them apart, and a loaded machine can stretch that gap
  // past the minimum, so the tap becomes a real turn.
  await talk.evaluate((button) => {
    button.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
    button.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }));
  });
  // The hint comes once the turn has ended: whatever the tap sent would be recorded by then.
  await hint.filter({ hasText: /hold to talk/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const after = (await clientEvents(page)).slice(before);
  assert.deepEqual(turnEvents(after).map((e) => e.type), [], 'no append, commit, clear or response.create for a tap');
  assert.equal(await assistantItems(page).count(), 1, 'no answer to an empty turn');
  assert.deepEqual(unexpected(errors), []);
  await close();
});
