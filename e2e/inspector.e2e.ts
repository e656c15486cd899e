// The inspector live, in headless Chromium through the relay to the simulator: a typed turn
// (with a set_memory tool round trip), a push-to-talk turn and a VAD turn each get a latency
// row whose first-audio figure matches the recorded event times, and an audible figure (the
// player's first played sample, the console's own '(audible)' record) after it; the session's cost shows
// in the header and the Usage panel. The exported zip holds the log, the session's tools and a
// stereo WAV with both voices, and re-opens offline with the same figures. Tools edited in the
// tool editor reach session.update strictly valid, and a call answered by hand completes its turn.
// A big recording opens in the build's worker with the page painting all along (a file opened
// meanwhile stops the reading of the one before), at its last item, with the seam of a Reconnect
// with history drawn in its conversation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Browser, Locator, Page } from 'playwright-core';
import { parseWav } from '../src/lib/wavtools/wav-packer';
import { validateClientEvent } from '../src/lib/protocol/validate';
import { axeViolations, blockExternalRequests, Cleanup, startRelayedConsole, tempDir, trackPageErrors, type StaticServer } from './harness';
import type {} from '../src/pages/console/testHooks';
import type { AudibleNotice } from '../src/lib/wavtools/wav-stream-player';
import { recordingLines } from '../src/lib/inspector/test-support/recording-lines';

const STEP_TIMEOUT_MS = 30_000;
const BUILD_DIR = process.env.E2E_BUILD_DIR || undefined;

const cleanup = new Cleanup();
let app: StaticServer;
let browser: Browser;

before(async () => {
  ({ app, browser } = await startRelayedConsole(cleanup, { speech: 'Tell me a story about the sea.', simulatorSpeed: 4, buildDir: BUILD_DIR }));
});
after(() => cleanup.run());

interface Recorded {
  time: number;
  source: 'client' | 'server';
  event: { type: string; [field: string]: unknown };
}

const recorded = (page: Page): Promise<Recorded[]> => page.evaluate(() => (window.__realtimeConsoleEvents ?? []) as unknown as Recorded[]);

/** First output audio after `start`, in whole ms, read from the recorded events independently of the inspector. */
function firstAudioAfter(events: Recorded[], start: number): number {
  return Math.round(firstAudioEvent(events, start).time - start);
}

function firstAudioEvent(events: Recorded[], start: number): Recorded {
  const audio = events.find((e) => e.source === 'server' && e.time >= start && e.event.type === 'response.output_audio.delta');
  assert.ok(audio, 'audio followed the turn');
  return audio;
}

/** The player's first played sample of the item that first audio belongs to, in whole ms after `start`. */
function audibleAfter(events: Recorded[], audible: AudibleNotice[], start: number): number {
  const itemId = firstAudioEvent(events, start).event.item_id;
  const heard = audible.find((notice) => notice.trackId === itemId);
  assert.ok(heard, `the player said when ${String(itemId)} was first played`);
  // The console records it at whole ms (what an export keeps).
  return Math.round(Math.round(heard.time) - start);
}

const rows = (page: Page) => page.getByTestId('latency-row');

async function waitForRow(page: Page, kind: string): Promise<void> {
  await page.locator(`[data-testid="latency-row"][data-kind="${kind}"][data-status="completed"]`).first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

test('typed, push-to-talk and VAD turns show latency rows with first audio from the event times, and a cost', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  await page.addInitScript(() => {
    window.__realtimeConsoleEvents = [];
    window.__realtimeConsoleAudible = [];
  });
  await blockExternalRequests(page);
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  assert.match(await page.getByTestId('session-cost').innerText(), /^Cost \$0\.0000$/);
  // The session's countdown to expires_at (60 minutes on GA; the simulator says the same).
  await page.getByTestId('session-countdown').filter({ hasText: /^Session ends in (60:00|59:\d\d)$/ }).waitFor({ timeout: 5000 });

  // Typed, answered after a tool round trip.
  await page.getByTestId('message-input').fill('Remember that my name is Ada');
  await page.getByRole('button', { name: 'Send' }).click();
  await waitForRow(page, 'typed');

  // Push-to-talk.
  const button = page.getByTestId('push-to-talk');
  await button.hover();
  await page.mouse.down();
  await page.waitForTimeout(1500);
  await page.mouse.up();
  await waitForRow(page, 'push-to-talk');

  // VAD: the fake microphone's loop is a turn (its next loop may cut the answer: any status).
  await page.locator('label.toggle', { hasText: 'VAD' }).click();
  await page.locator('[data-testid="latency-row"][data-kind="vad"]').first().getByTestId('latency-audible').filter({ hasText: /^\d+ ms$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('label.toggle', { hasText: 'Manual' }).click();

  const events = await recorded(page);
  const typedStart = events.find((e, i) => e.source === 'client' && e.event.type === 'response.create' && events.slice(0, i).some((p) => p.event.type === 'conversation.item.create'))!.time;
  const pttStart = events.find((e) => e.source === 'client' && e.event.type === 'input_audio_buffer.commit')!.time;
  const vadStart = events.find((e) => e.source === 'server' && e.event.type === 'input_audio_buffer.speech_stopped')!.time;
  const expected = new Map([
    ['typed', firstAudioAfter(events, typedStart)],
    ['push-to-talk', firstAudioAfter(events, pttStart)],
    ['vad', firstAudioAfter(events, vadStart)],
  ]);
  const audible = await page.evaluate(() => window.__realtimeConsoleAudible ?? []);
  const starts = new Map([['typed', typedStart], ['push-to-talk', pttStart], ['vad', vadStart]]);
  for (const [kind, ms] of expected) {
    const row = page.locator(`[data-testid="latency-row"][data-kind="${kind}"]`).first();
    assert.equal(await row.getByTestId('latency-first-audio').innerText(), `${ms} ms`, kind);
    if (kind !== 'vad') assert.match(await row.getByTestId('latency-first-text').innerText(), /^\d+ ms$/, kind);
    // Audible: read from the console's own record, after first audio (the jitter buffer, the output latency).
    const heardMs = audibleAfter(events, audible, starts.get(kind)!);
    assert.equal(await row.getByTestId('latency-audible').innerText(), `${heardMs} ms`, kind);
    assert.ok(heardMs >= ms, `${kind}: audible ${heardMs} ms, first audio ${ms} ms`);
  }
  // The log shows those records as the console's own, beside the wire's events.
  await showsAudibleRows(page.locator('body'));
  assert.match(await page.getByTestId('latency-summary').innerText(), /Audible p50 \d+ ms · p95 \d+ ms/);
  // The typed turn's tool call is drawn inside it, and the memory was set.
  assert.ok((await rows(page).count()) >= 3);
  const typedRow = page.locator('[data-testid="latency-row"][data-kind="typed"]').first();
  assert.match((await typedRow.getByRole('img').getAttribute('aria-label')) ?? '', /tool set_memory ran/);
  assert.match(await page.getByTestId('latency-summary').innerText(), /First audio p50 \d+ ms · p95 \d+ ms/);

  // Cost: every response.done priced (the simulator reports the requested model), shown in the header too.
  // One usage row per response.done (compared in one frame: the microphone's loop may still start turns).
  await page.waitForFunction(() => {
    const done = (window.__realtimeConsoleEvents ?? []).filter((e) => e.source === 'server' && e.event.type === 'response.done').length;
    return done >= 3 && document.querySelectorAll('[data-testid="usage-row"]').length === done;
  }, null, { timeout: 5000 });
  const panelCost = await page.getByTestId('usage-session-cost').innerText();
  assert.match(panelCost, /^\$0\.\d{4}$/);
  assert.notEqual(panelCost, '$0.0000');
  // The header and the panel read the same report (compared in one frame: answers may still arrive).
  await page.waitForFunction(() => {
    const header = document.querySelector('[data-testid="session-cost"]')?.textContent;
    return header === `Cost ${document.querySelector('[data-testid="usage-session-cost"]')?.textContent}`;
  }, null, { timeout: 5000 });
  assert.equal(await page.getByTestId('usage-unpriced').count(), 0);

  // Disconnect (the figures stay), export the session with audio, open it back offline.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Disconnected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const live = await figures(page.getByTestId('inspect-area'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-session').click()]);
  assert.match(download.suggestedFilename(), /^realtime-session-.*\.zip$/);
  const zipPath = join(tempDir(cleanup), download.suggestedFilename());
  await download.saveAs(zipPath);
  const files = unzipSync(new Uint8Array(readFileSync(zipPath)));
  assert.deepEqual(Object.keys(files).sort(), ['audio.wav', 'events.jsonl', 'session.json']);
  const manifest = JSON.parse(Buffer.from(files['session.json']).toString('utf8'));
  assert.deepEqual(manifest.tools.map((tool: { name: string }) => tool.name).sort(), ['get_weather', 'set_memory']);
  assert.doesNotMatch(Buffer.from(files['events.jsonl']).toString('utf8'), /sk-relay-e2e/);
  const wav = parseWav(files['audio.wav']);
  assert.equal(wav.channels, 2);
  const peak = (channel: number) => wav.samples.reduce((max, sample, i) => (i % 2 === channel ? Math.max(max, Math.abs(sample)) : max), 0);
  assert.ok(peak(0) > 1000 && peak(1) > 1000, `user ${peak(0)}, model ${peak(1)}`);

  await page.getByTestId('open-session-input').setInputFiles(zipPath);
  const recording = page.getByTestId('recording-view');
  await recording.getByTestId('recording-banner').filter({ hasText: 'Recording — not connected' }).waitFor();
  assert.deepEqual(await figures(recording), live, 'the recording shows the same figures');
  await showsAudibleRows(recording);
  assert.ok((await recording.locator('[data-testid="conversation-item"][data-role="assistant"]').count()) >= 3);
  // The conversation is windowed (VirtualItemList): its list semantics must survive that.
  const serious = (await axeViolations(page, '[data-testid="recording-view"]')).filter((v) => v.impact === 'critical' || v.impact === 'serious');
  assert.deepEqual(serious, [], 'no critical or serious axe-core violation in the recording view');
  await recording.getByTestId('recording-audio').waitFor();
  await recording.getByTestId('close-recording').click();
  assert.equal(await page.getByTestId('recording-view').count(), 0);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

/** The event log in `scope`, filtered to the console's '(audible)' records: each marked as the console's own. */
async function showsAudibleRows(scope: Locator): Promise<void> {
  // The toolbar's one select: the type filter.
  const type = scope.getByRole('toolbar', { name: 'Event log filters' }).getByRole('combobox');
  await type.selectOption('(audible)');
  const rows = scope.getByTestId('event-log-row');
  // The list re-renders on the next frame: wait for the rows of other types to go.
  await rows.filter({ hasNotText: '(audible)' }).first().waitFor({ state: 'detached', timeout: 5000 });
  assert.ok((await rows.count()) >= 3, 'one per spoken answer');
  for (const text of await rows.allInnerTexts()) assert.match(text, /• console\s+\(audible\)\s+item_\S+ · first sample played/);
  await type.selectOption({ label: 'All types' });
}

/** What the inspector shows: each row's kind, status and figures, the percentiles, the cost. */
async function figures(scope: Locator): Promise<unknown> {
  const rowFigures = await scope.getByTestId('latency-row').evaluateAll((rows) =>
    rows.map((row) => ['kind', 'status', 'first-audio', 'first-text', 'audible'].map((what, i) => (i < 2 ? row.getAttribute(`data-${what}`) : row.querySelector(`[data-testid="latency-${what}"]`)?.textContent))),
  );
  return { rows: rowFigures, summary: await scope.getByTestId('latency-summary').innerText(), cost: await scope.getByTestId('usage-session-cost').innerText(), responses: await scope.getByTestId('usage-row').count() };
}

test('tools edited in the panel reach session.update strictly valid; a call answered by hand completes the turn', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  await page.addInitScript(() => {
    window.__realtimeConsoleEvents = [];
  });
  await blockExternalRequests(page);
  await page.goto(app.url);
  const editor = page.getByTestId('tool-editor');
  // get_weather: answered by hand.
  await editor.locator('[data-testid="tool-row"][data-name="get_weather"]').getByTestId('tool-edit').click();
  await editor.getByTestId('tool-answer-by-hand').check();
  await editor.getByTestId('tool-save').click();
  // A tool from a template, with a schema typed wrong then fixed.
  await editor.getByTestId('tool-template').selectOption('lookup');
  await editor.getByTestId('tool-add').click();
  await editor.getByTestId('tool-parameters').fill('{"type": "object", "properties": {"order_number": {"type": "strnig"}}}');
  await editor.getByTestId('tool-problems').filter({ hasText: 'not a valid JSON Schema' }).waitFor();
  assert.equal(await editor.getByTestId('tool-save').isDisabled(), true);
  await editor.getByTestId('tool-parameters').fill('{"type": "object", "properties": {"order_number": {"type": "string"}}, "required": ["order_number"]}');
  await editor.getByTestId('tool-save').click();
  await editor.locator('[data-testid="tool-row"][data-name="lookup_order"]').waitFor();

  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('connection-status').filter({ hasText: /^Connected$/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const updates = (await recorded(page)).filter((e) => e.source === 'client' && e.event.type === 'session.update');
  const last = updates.filter((e) => JSON.stringify(e.event).includes('lookup_order')).pop();
  assert.ok(last, 'a session.update carried the edited tool');
  const names = ((last.event.session as { tools?: Array<{ name?: string }> }).tools ?? []).map((tool) => tool.name);
  assert.deepEqual(names.sort(), ['get_weather', 'lookup_order', 'set_memory']);
  for (const update of updates) assert.deepEqual(validateClientEvent(update.event).errors, [], 'strictly valid');

  // The weather question: the call waits in the panel until the user answers it.
  await page.getByTestId('message-input').fill('What is the weather in Paris?');
  await page.getByRole('button', { name: 'Send' }).click();
  const call = page.getByTestId('manual-call');
  await call.filter({ hasText: 'get_weather' }).filter({ hasText: 'Paris' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  // Said wherever the user is (the panel may be in a hidden tab).
  assert.match((await page.getByTestId('manual-calls-announcement').textContent()) ?? '', /A tool call waits for your answer .*: get_weather\./);
  await call.getByTestId('manual-call-output').fill('{"temperature": 21.5, "sky": "clear"}');
  await call.getByTestId('manual-call-send').click();
  await page.locator('[data-testid="conversation-item"][data-role="assistant"]').filter({ hasText: '21.5' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  const output = (await recorded(page)).find((e) => e.source === 'client' && e.event.type === 'conversation.item.create' && (e.event.item as { type?: string }).type === 'function_call_output');
  assert.equal((output?.event.item as { output?: string }).output, '{"temperature":21.5,"sky":"clear"}');
  assert.equal(await call.count(), 0);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

/** 40,000 events (about 370 push-to-talk turns, 50 MB of JSON, 0.5 MB zipped). */
const BIG_RECORDING_EVENTS = 40_000;

test('a big recording is read in the build\'s worker while the page paints, and opens at its last item with its seam', async (t) => {
  const lines = recordingLines(BIG_RECORDING_EVENTS, { seamAfterTurn: 367 });
  const dir = tempDir(cleanup);
  const zip = zipSync({ 'events.jsonl': strToU8(`${lines.join('\n')}\n`) });
  const [first, second] = ['first-recording.zip', 'big-recording.zip'].map((name) => join(dir, name));
  writeFileSync(first, zip);
  writeFileSync(second, zip);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  // In every frame: what the opening status says; every task that held the page over 50 ms; which
  // recordings were shown, and when the first was. (A string: tsx would wrap a named function of
  // this file in a helper the page does not have.)
  await page.addInitScript(`(() => {
    const seen = { statuses: [], longTasks: [], shownAt: null, shown: [] };
    window.__opening = seen;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.longTasks.push({ start: entry.startTime, duration: entry.duration }))).observe({ type: 'longtask' });
    new MutationObserver(() => {
      const view = document.querySelector('[data-testid="recording-view"]');
      if (!view) return;
      if (seen.shownAt === null) seen.shownAt = performance.now();
      const name = view.getAttribute('aria-label');
      if (!seen.shown.includes(name)) seen.shown.push(name);
    }).observe(document, { subtree: true, childList: true });
    const frame = () => {
      const status = document.querySelector('[data-testid="opening-session"]')?.textContent;
      if (status && status !== seen.statuses[seen.statuses.length - 1]) seen.statuses.push(status);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })();`);
  const workers: Array<{ url: string; closed: Promise<void> }> = [];
  page.on('worker', (worker) => workers.push({ url: worker.url(), closed: new Promise((resolve) => worker.once('close', () => resolve())) }));
  await blockExternalRequests(page);
  await page.goto(app.url);
  await page.getByTestId('console-page').waitFor();
  type Seen = { statuses: string[]; longTasks: Array<{ start: number; duration: number }>; shownAt: number | null; shown: string[] };
  const input = page.getByTestId('open-session-input');

  // A file opened while another is read: the first one's worker is stopped, it never shows.
  await input.setInputFiles(first);
  await page.getByTestId('opening-session').filter({ hasText: /% of the events$/ }).waitFor({ timeout: 60_000 });
  const given = await page.evaluate(() => performance.now());
  await input.setInputFiles(second);
  assert.ok(workers[0], 'the first file\'s worker');
  await workers[0].closed;

  const recording = page.getByTestId('recording-view');
  await recording.getByTestId('recording-banner').waitFor({ timeout: 60_000 });
  await recording.getByTestId('recording-audio').waitFor({ timeout: 60_000 });
  // Its WAV in the page, the worker has nothing left to do: stopped too.
  await workers[1].closed;
  const seen = await page.evaluate(() => (window as unknown as { __opening: Seen }).__opening);
  assert.deepEqual(seen.shown, ['Recording big-recording.zip'], 'only the second file was shown');
  const opening = (seen.shownAt ?? Infinity) - given;
  const held = seen.longTasks.filter((task) => task.start >= given && task.start < (seen.shownAt ?? Infinity)).map((task) => Math.round(task.duration));
  const shares = seen.statuses.flatMap((status) => /^Opening big-recording\.zip .*?(\d+)% of the events$/.exec(status)?.[1] ?? []).map(Number);
  t.diagnostic(`workers ${workers.map((w) => w.url).join(' ')}; shown ${Math.round(opening)} ms after the file was given; progress painted at ${shares.join(', ')} %; tasks over 50 ms meanwhile: ${held.join(', ')} ms`);

  // The build's worker read it (a chunk of the build, from the page's origin, allowed by its CSP).
  assert.equal(workers.length, 2, workers.map((w) => w.url).join(', '));
  for (const worker of workers) assert.match(worker.url, new RegExp(`^${app.url.replace(/\/$/, '')}/static/js/[\\w.-]+\\.js$`));
  // The page painted while it read: frames showed the share of events read go up, time and again.
  assert.ok(shares.length >= 5, `progress painted ${shares.length} times: ${seen.statuses.join(' | ')}`);
  assert.deepEqual(shares, [...shares].sort((a, b) => a - b));
  // And no task held it for half of the opening (reading it on the page was one task for most of it).
  assert.ok(Math.max(0, ...held) < opening / 2, `tasks ${held.join(', ')} ms in an opening of ${Math.round(opening)} ms`);

  // Opened at its last item, as a live session shows it; the seam drawn where the new session began.
  const items = recording.getByTestId('conversation-item');
  const total = Number(await items.first().getAttribute('aria-setsize'));
  assert.ok(total > 700, `${total} items`);
  await recording.locator(`[data-testid="conversation-item"][aria-posinset="${total}"]`).waitFor();
  const seam = recording.getByTestId('conversation-seam');
  assert.equal(await seam.innerText(), 'New session: 2 earlier items carried into it as text; 1 left out');
  const order = await recording.getByTestId('conversation-scroller').evaluate((scroller) =>
    Array.from(scroller.querySelectorAll('[data-testid="conversation-item"], [data-testid="conversation-seam"]'))
      .map((element) => ({ top: element.getBoundingClientRect().top, text: element.getAttribute('data-testid') === 'conversation-seam' ? 'seam' : element.querySelector('button[aria-label^="Delete item "]')?.getAttribute('aria-label')?.slice('Delete item '.length) ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((entry) => entry.text),
  );
  assert.equal(order[order.indexOf('seam') - 1], 'item_answer_367', order.join(', '));
  assert.equal(order[order.indexOf('seam') + 1], 'item_user_368', order.join(', '));
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});
