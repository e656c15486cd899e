// G.711 in the browser: the console, set to µ-law / A-law in its settings panel, talks to the
// simulator through the relay. What crosses the wire is 8 kHz, one byte a sample; what the page
// plays, keeps as WAV and truncates is 24 kHz PCM16 of the same length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { consoleSuite } from './harness';

const SIM_SPEED = 4;
const SAMPLE_RATE = 24000;
const QUANTUM = 128;
const STEP_TIMEOUT_MS = 20_000;

type FormatId = 'pcm' | 'pcmu' | 'pcma';

interface RecordedEvent {
  time: number;
  source: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}

const suite = consoleSuite({ speech: 'What is the weather in Paris today?', simulatorSpeed: SIM_SPEED });

const open = () => suite.open();

const panel = (page: Page) => page.getByTestId('session-settings');

/** Connects, then picks the formats in the settings panel and waits for the server's ✓. */
async function connectWithFormats(page: Page, input: FormatId, output: FormatId): Promise<void> {
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await panel(page).getByRole('group', { name: 'Audio format and speed' }).getByRole('button', { name: /^Audio format and speed/ }).click();
  await panel(page).getByLabel('Input format', { exact: true }).selectOption(input);
  await panel(page).getByLabel('Output format', { exact: true }).selectOption(output);
  await panel(page).getByRole('button', { name: 'Apply (session.update)' }).click();
  await page.getByTestId('session-settings-status').filter({ hasText: 'The server confirmed these settings.' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.equal(await panel(page).getByTestId('server-inputFormat').innerText(), `✓ server: audio/${input}`);
  assert.equal(await panel(page).getByTestId('server-outputFormat').innerText(), `✓ server: audio/${output}`);
}

async function events(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window.__realtimeConsoleEvents ?? []) as unknown as RecordedEvent[]);
}

const base64Bytes = (text: unknown): number => Buffer.from(String(text), 'base64').length;

/** Wire bytes of each item's output audio deltas. */
function outputBytesByItem(recorded: RecordedEvent[]): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const { source, event } of recorded) {
    if (source !== 'server' || event.type !== 'response.output_audio.delta') continue;
    const id = String(event.item_id);
    bytes.set(id, (bytes.get(id) ?? 0) + base64Bytes(event.delta));
  }
  return bytes;
}

/** Seconds of the WAV the conversation offers for the item, as its `item-audio` player reads it. */
async function wavSeconds(page: Page, itemId: string): Promise<number> {
  const item = page.locator('[data-testid="conversation-item"]').filter({ has: page.getByRole('button', { name: `Delete item ${itemId}` }) });
  const audio = item.getByTestId('item-audio');
  await audio.waitFor({ timeout: STEP_TIMEOUT_MS });
  // The page's CSP lets media load blob: URLs but not fetch them: ask the player for the metadata.
  return audio.evaluate(
    (element: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        element.addEventListener('loadedmetadata', () => resolve(element.duration), { once: true });
        element.addEventListener('error', () => reject(new Error('the WAV did not load')), { once: true });
        element.preload = 'metadata';
        element.load();
      }),
  );
}

function unexpected(errors: string[]): string[] {
  return errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e));
}

test('A-law in, µ-law out: push-to-talk sends 8 kHz A-law counted in ms; the µ-law answer plays and saves as long as it lasted on the wire', async () => {
  const { page, errors, close } = await open();
  try {
    await connectWithFormats(page, 'pcma', 'pcmu');
    const button = page.getByTestId('push-to-talk');
    await button.hover();
    await page.mouse.down();
    await page.waitForTimeout(1500);
    await page.mouse.up();
    const answer = page.locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: /I heard \d+\.\d seconds of audio/ });
    await answer.first().waitFor({ timeout: STEP_TIMEOUT_MS });

    const recorded = await events(page);
    const sent = recorded.filter((e) => e.source === 'client').map((e) => e.event);
    const appendedBytes = sent.filter((e) => e.type === 'input_audio_buffer.append').reduce((n, e) => n + base64Bytes(e.audio), 0);
    const appendedMs = appendedBytes / 8; // A-law: 8 kHz, one byte a sample
    assert.ok(appendedMs > 1200 && appendedMs < 2500, `appended ${appendedBytes} bytes = ${appendedMs} ms for a 1.5 s press`);
    // The simulator says how long the turn was: it must be the A-law bytes' duration.
    const heard = Number((await answer.first().innerText()).match(/I heard (\d+\.\d) seconds/)?.[1]);
    assert.ok(Math.abs(heard - appendedMs / 1000) <= 0.051, `the server heard ${heard} s of ${appendedMs} ms appended`);

    const assistantId = [...outputBytesByItem(recorded).keys()].pop();
    assert.ok(assistantId, 'the answer came as audio');
    // The WAV is offered once the item is complete: then every delta has arrived.
    const savedSeconds = await wavSeconds(page, assistantId);
    const wireMs = (outputBytesByItem(await events(page)).get(assistantId) ?? 0) / 8;
    console.log(`  appended ${appendedMs} ms of A-law; server heard ${heard} s; µ-law answer ${wireMs} ms on the wire, WAV ${savedSeconds.toFixed(3)} s`);
    assert.ok(wireMs > 1000, `answer of ${wireMs} ms`);
    assert.ok(Math.abs(savedSeconds * 1000 - wireMs) < 1, `WAV ${savedSeconds} s vs ${wireMs} ms on the wire`);
    const serverErrors = recorded.filter((e) => e.source === 'server' && e.event.type === 'error');
    assert.deepEqual(serverErrors.map((e) => e.event), []);
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await close();
  }
});

test('µ-law with VAD: speaking over the µ-law answer truncates it at the sample heard, in ms the server accepts', async () => {
  const { page, errors, close } = await open();
  try {
    await connectWithFormats(page, 'pcmu', 'pcmu');
    await page.locator('label.toggle', { hasText: 'VAD' }).click();
    // The fake microphone loops the question: the first loop is a turn, the next barges in.
    await page.waitForFunction(
      () => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'client' && e.event.type === 'conversation.item.truncate'),
      null,
      { timeout: 60_000, polling: 100 },
    );
    const recorded = await events(page);
    const truncate = recorded.find((e) => e.source === 'client' && e.event.type === 'conversation.item.truncate')!.event as unknown as { item_id: string; audio_end_ms: number };
    const interrupts = await page.evaluate(() => window.__realtimeConsoleInterrupts ?? []);
    const heard = interrupts.find((i) => i.trackId === truncate.item_id);
    assert.ok(heard, 'the player reported what was heard');
    assert.ok(Math.abs(truncate.audio_end_ms - (heard.offset / SAMPLE_RATE) * 1000) <= (QUANTUM / SAMPLE_RATE) * 1000, `audio_end_ms ${truncate.audio_end_ms} vs heard ${heard.offset}`);
    const wireMs = (outputBytesByItem(recorded).get(truncate.item_id) ?? 0) / 8;
    assert.ok(truncate.audio_end_ms > 0 && truncate.audio_end_ms <= wireMs, `cut at ${truncate.audio_end_ms} of ${wireMs} ms received`);
    // The server accepts the cut (no audio_end_ms beyond the audio) and confirms it.
    await page.waitForFunction(
      (id) => (window.__realtimeConsoleEvents ?? []).some((e) => e.source === 'server' && e.event.type === 'conversation.item.truncated' && (e.event as { item_id?: string }).item_id === id),
      truncate.item_id,
      { timeout: STEP_TIMEOUT_MS },
    );
    console.log(`  µ-law answer cut at ${truncate.audio_end_ms} ms (heard ${heard.offset} of ${heard.sentOffset} samples output, latency ${(heard.latencySeconds * 1000).toFixed(1)} ms); ${wireMs} ms had arrived`);
    const serverErrors = (await events(page)).filter((e) => e.source === 'server' && e.event.type === 'error');
    assert.deepEqual(serverErrors.map((e) => e.event), []);
    // The µ-law went up too: appends are one byte per 8 kHz sample (30 ms chunks: 240 bytes).
    const appends = recorded.filter((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.append').map((e) => base64Bytes(e.event.audio));
    assert.ok(appends.length > 10);
    assert.ok(appends.slice(2).every((n) => n === 240), `append sizes ${[...new Set(appends)].join(', ')}`);
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await close();
  }
});
